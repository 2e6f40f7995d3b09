#pragma once
// Charts follow the application palette (light or dark system theme): background, axes, labels, grid.
class QCustomPlot;

void applyPalette(QCustomPlot* plot);

// The legend in a row of its own above the axes, its entries side by side: it never hides data.
void placeLegendAbove(QCustomPlot* plot);
