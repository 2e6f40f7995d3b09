// The main window's ONNX export: File → Export ONNX writes the current run's saved model as ONNX with
// QuantizeLinear/DequantizeLinear (core/export/onnx_export.h), as a job; a refusal (a quantizer with no QDQ
// form, an integer-only model) is the job's error message. "Export ONNX with Float Sites" writes such
// quantizers in float instead and says how many.
#include "app/studio/MainWindow.h"
#include "app/studio/StudioRun.h"
#include "core/export/onnx_export.h"
#include "core/quant/quant_model.h"
#include "core/util/error.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QStatusBar>

#include <filesystem>

void MainWindow::addExportMenu(QMenu* file) {
  const auto choose = [this](bool floatSitesOk) {
    const auto run = currentRun();
    if (!run) {
      statusBar()->showMessage(tr("Run a quantization first"));
      return;
    }
    const QString suggested = QDir::home().filePath(QFileInfo(run->folder).fileName() + ".onnx");
    const QString path = QFileDialog::getSaveFileName(this, tr("Export ONNX"), suggested, tr("ONNX model (*.onnx)"));
    if (!path.isEmpty()) startOnnxExport(path, floatSitesOk);
  };
  file->addAction(tr("Export &ONNX…"), this, [choose] { choose(false); });
  file->addAction(tr("Export ONNX with &Float Sites…"), this, [choose] { choose(true); });
}

bool MainWindow::startOnnxExport(const QString& path, bool floatSitesOk) {
  const auto run = currentRun();
  if (!run || loading_ || jobs_.isBusy()) {
    statusBar()->showMessage(run ? tr("A job is running") : tr("Run a quantization first"));
    return false;
  }
  // The saved model folder, opened afresh: the export traces its own copy, never the run the views show. A run
  // that was never saved has no folder; "model" alone would name whatever the working directory holds.
  const std::string modelDir =
      run->folder.isEmpty() ? std::string() : (std::filesystem::path(run->folder.toStdString()) / "model").string();
  const std::string out = path.toStdString();
  auto result = std::make_shared<vq::OnnxExportResult>();
  auto work = [modelDir, out, floatSitesOk, result](const vq::ProgressFn&, const vq::CancelToken&) {
    if (modelDir.empty()) vq::usageError("this run was not saved, so there is no model folder to export");
    if (!std::filesystem::exists(std::filesystem::path(modelDir) / "config.json"))
      vq::inputError(modelDir, "this run was saved without its model");
    auto loaded = vq::openModel(modelDir);
    vq::OnnxExportOptions options;
    options.floatSitesOk = floatSitesOk;
    *result = vq::exportOnnx(loaded, out, options);
  };
  return jobs_.start(tr("export ONNX"), work, [this, result] {
    statusBar()->showMessage(tr("Wrote %1: %n QDQ sites", nullptr, static_cast<int>(result->qdqSites))
                                 .arg(QString::fromStdString(result->path)) +
                             (result->floatSites.empty() ? QString() : tr(", %n left in float", nullptr, static_cast<int>(result->floatSites.size()))));
  });
}
