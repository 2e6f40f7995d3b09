#include "widgets/PlotStyle.h"

#include "widgets/CustomPlot.h"

void applyPalette(QCustomPlot* plot) {
  const QPalette palette = plot->palette();
  const QColor text = palette.color(QPalette::WindowText);
  QColor grid = palette.color(QPalette::Mid);
  grid.setAlpha(110);
  plot->setBackground(palette.color(QPalette::Base));
  for (QCPAxis* axis : plot->axisRect()->axes()) {
    axis->setBasePen(QPen(text));
    axis->setTickPen(QPen(text));
    axis->setSubTickPen(QPen(text));
    axis->setTickLabelColor(text);
    axis->setLabelColor(text);
    axis->grid()->setPen(QPen(grid, 0, Qt::DotLine));
  }
  plot->legend->setBrush(palette.color(QPalette::Base));
  plot->legend->setBorderPen(QPen(grid));
  plot->legend->setTextColor(text);
}

void placeLegendAbove(QCustomPlot* plot) {
  plot->legend->setVisible(true);
  plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
  plot->plotLayout()->insertRow(0);
  plot->plotLayout()->addElement(0, 0, plot->legend);
  plot->plotLayout()->setRowStretchFactor(0, 0.001);
}

void setPlotTitle(QCustomPlot* plot, const QString& title) {
  plot->xAxis2->setVisible(true);
  plot->xAxis2->setTicks(false);
  plot->xAxis2->setTickLabels(false);
  plot->xAxis2->setLabel(title);
}
