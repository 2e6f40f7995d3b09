#pragma once
// Saving a chart as PNG, SVG or PDF (chosen by the file's suffix), and the context menu that offers it.
// Files are written to a temporary name and renamed, so a failed export never leaves a broken file.
#include <QString>

class QCustomPlot;
class QWidget;

namespace chart {

// The suffixes exportChart understands, for file dialogs.
QString fileFilter();

// Writes `plot` to `path` (.png, .svg or .pdf); returns "" or a one-line error naming the file.
QString exportChart(QCustomPlot* plot, const QString& path);

// Right-click on `plot` offers "Export chart…"; `baseName` seeds the file name.
void addExportMenu(QCustomPlot* plot, const QString& baseName);

// Shows a save dialog and exports; errors go to a message box.
void exportWithDialog(QCustomPlot* plot, const QString& baseName, QWidget* parent);

}  // namespace chart
