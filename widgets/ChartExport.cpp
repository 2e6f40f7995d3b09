#include "widgets/ChartExport.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QSvgGenerator>
#include "widgets/CustomPlot.h"
#include "widgets/SaveTarget.h"

namespace chart {
namespace {

// The plot's size on screen, or a sensible default for plots never shown (tests, --screenshot).
QSize exportSize(QCustomPlot* plot) {
  const QSize s = plot->size();
  return s.width() >= 200 && s.height() >= 150 ? s : QSize(800, 500);
}

bool writeSvg(QCustomPlot* plot, const QString& path, const QSize& size) {
  QSvgGenerator svg;
  svg.setFileName(path);
  svg.setSize(size);
  svg.setViewBox(QRect(QPoint(0, 0), size));
  svg.setTitle(plot->objectName());
  QCPPainter painter;
  if (!painter.begin(&svg)) return false;
  plot->toPainter(&painter, size.width(), size.height());
  return painter.end();
}

}  // namespace

QString fileFilter() { return QObject::tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"); }

QString exportChart(QCustomPlot* plot, const QString& path) {
  if (const QString error = save::checkTarget(path, {"png", "svg", "pdf"}, QObject::tr("chart")); !error.isEmpty()) return error;
  const QString suffix = QFileInfo(path).suffix().toLower();
  const QString tmp = save::partPath(path);
  const QSize size = exportSize(plot);
  bool ok = false;
  if (suffix == "png")
    ok = plot->savePng(tmp, size.width(), size.height());
  else if (suffix == "pdf")
    ok = plot->savePdf(tmp, size.width(), size.height());
  else
    ok = writeSvg(plot, tmp, size);
  return save::finish(tmp, path, ok, QObject::tr("chart"));
}

void exportWithDialog(QCustomPlot* plot, const QString& baseName, QWidget* parent) {
  QSettings settings;
  const QString dir = settings.value("paths/export", QDir::homePath()).toString();
  const QString path = QFileDialog::getSaveFileName(parent, QObject::tr("Export chart"), QDir(dir).filePath(baseName + ".png"), fileFilter());
  if (path.isEmpty()) return;
  settings.setValue("paths/export", QFileInfo(path).absolutePath());
  const QString error = exportChart(plot, path);
  if (!error.isEmpty()) QMessageBox::warning(parent, QObject::tr("Export failed"), error);
}

void addExportMenu(QCustomPlot* plot, const QString& baseName) {
  plot->setContextMenuPolicy(Qt::CustomContextMenu);
  QObject::connect(plot, &QWidget::customContextMenuRequested, plot, [plot, baseName](const QPoint& pos) {
    QMenu menu(plot);
    menu.addAction(QObject::tr("Export chart…"), plot, [plot, baseName] { exportWithDialog(plot, baseName, plot->window()); });
    menu.addAction(QObject::tr("Reset zoom"), plot, [plot] {
      plot->rescaleAxes();
      plot->replot(QCustomPlot::rpQueuedReplot);
    });
    menu.exec(plot->mapToGlobal(pos));
  });
}

}  // namespace chart
