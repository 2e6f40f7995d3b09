#pragma once
// Charts follow the application palette (light or dark system theme): background, axes, labels, grid.
class QCustomPlot;

void applyPalette(QCustomPlot* plot);
