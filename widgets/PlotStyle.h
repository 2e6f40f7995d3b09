#pragma once
// Charts follow the application palette (light or dark system theme): background, axes, labels, grid.
class QCustomPlot;
class QString;

void applyPalette(QCustomPlot* plot);

// The legend in a row of its own above the axes, its entries side by side: it never hides data.
void placeLegendAbove(QCustomPlot* plot);

// A title above the plot, as the label of a bare top axis (so it lines up with the axis rect).
void setPlotTitle(QCustomPlot* plot, const QString& title);
