#include "widgets/ChartExport.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QSvgGenerator>
#include "widgets/CustomPlot.h"

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
  const QFileInfo info(path);
  const QString suffix = info.suffix().toLower();
  if (suffix != "png" && suffix != "svg" && suffix != "pdf")
    return QObject::tr("%1: unknown chart format '%2' (use .png, .svg or .pdf)").arg(path, suffix);
  if (!info.absoluteDir().exists()) return QObject::tr("%1: the folder does not exist").arg(path);
  // Written beside the target under a temporary name, renamed when complete.
  const QString tmp = info.absoluteDir().filePath("." + info.fileName() + ".part." + suffix);
  const QSize size = exportSize(plot);
  bool ok = false;
  if (suffix == "png")
    ok = plot->savePng(tmp, size.width(), size.height());
  else if (suffix == "pdf")
    ok = plot->savePdf(tmp, size.width(), size.height());
  else
    ok = writeSvg(plot, tmp, size);
  if (!ok || QFileInfo(tmp).size() == 0) {
    QFile::remove(tmp);
    return QObject::tr("%1: could not write the chart").arg(path);
  }
  QFile::remove(path);
  if (!QFile::rename(tmp, path)) {
    QFile::remove(tmp);
    return QObject::tr("%1: could not replace the file").arg(path);
  }
  return {};
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
