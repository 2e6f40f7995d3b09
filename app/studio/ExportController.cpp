#include "app/studio/ExportController.h"

#include "app/studio/StudioSession.h"
#include "core/export/onnx_export.h"
#include "core/quant/quant_model.h"
#include "core/run/run_summary.h"
#include "core/util/error.h"
#include "widgets/ChartExport.h"
#include "widgets/EntropyView.h"
#include "widgets/HeatMapPlot.h"
#include "widgets/HistogramPlot.h"
#include "widgets/HistogramsView.h"
#include "widgets/InferenceView.h"
#include "widgets/LandscapeView.h"
#include "widgets/OscillationView.h"
#include "widgets/QuantizerFitView.h"
#include "widgets/RunReport.h"
#include "widgets/SensitivityView.h"
#include "widgets/SweepView.h"

#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QTabWidget>

#include <torch/version.h>

#include <filesystem>

ExportController::ExportController(StudioSession& session, const StudioViews& views, QObject* parent)
    : QObject(parent), session_(session), views_(views) {}

void ExportController::addMenuActions(QMenu* file) {
  file->addAction(tr("&Export Chart…"), QKeySequence(tr("Ctrl+E")), this, &ExportController::exportCurrentChart);
  file->addAction(tr("Export Re&port…"), QKeySequence(tr("Ctrl+Shift+E")), this, [this] {
    if (!session_.currentRunOrSay()) return;
    const QString path = QFileDialog::getSaveFileName(views_.window, tr("Export report"), QDir::home().filePath("report.pdf"),
                                                      tr("PDF document (*.pdf);;HTML page (*.html)"));
    if (path.isEmpty()) return;
    const QString error = exportReport(path);
    if (!error.isEmpty()) QMessageBox::warning(views_.window, tr("Export failed"), error);
  });
  const auto chooseOnnx = [this](bool floatSitesOk) {
    const auto run = session_.currentRunOrSay();
    if (!run) return;
    const QString suggested = QDir::home().filePath(QFileInfo(run->folder).fileName() + ".onnx");
    const QString path = QFileDialog::getSaveFileName(views_.window, tr("Export ONNX"), suggested, tr("ONNX model (*.onnx)"));
    if (!path.isEmpty()) startOnnxExport(path, floatSitesOk);
  };
  file->addAction(tr("Export &ONNX…"), this, [chooseOnnx] { chooseOnnx(false); });
  file->addAction(tr("Export ONNX with &Float Sites…"), this, [chooseOnnx] { chooseOnnx(true); });
}

void ExportController::exportCurrentChart() {
  QWidget* tab = views_.tabs->currentWidget();
  QCustomPlot* plot = nullptr;
  QString name;
  if (tab == views_.histograms) {
    plot = views_.histograms->histogramPlot();
    name = "histogram";
  } else if (tab == views_.sensitivity) {
    plot = views_.sensitivity->plot();
    name = "sensitivity";
  } else if (tab == views_.inference) {
    plot = views_.inference->plot();
    name = "inference";
  } else if (tab == views_.fit) {
    plot = views_.fit->plot();
    name = "fit";
  } else if (tab == views_.landscape) {
    auto* l = views_.landscape;
    plot = l->hasCurves() || !l->hasSurface() ? l->plot() : static_cast<QCustomPlot*>(l->heatMap());
    name = "landscape";
  } else if (tab == views_.oscillation) {
    plot = views_.oscillation->plot();
    name = "oscillation";
  } else if (tab == views_.entropy) {
    plot = views_.entropy->plot();
    name = "entropy";
  } else if (tab == views_.sweep) {
    plot = views_.sweep->plot();
    name = "sweep";
  }
  if (!plot) {
    session_.status(tr("This tab has no chart"));
    return;
  }
  chart::exportWithDialog(plot, name, views_.window);
}

QString ExportController::exportReport(const QString& path) {
  const auto current = session_.currentRun();
  if (!current) return tr("%1: there is no run to report").arg(path);
  QList<ReportRun> runs;
  int subject = 0;
  for (const auto& r : session_.runs()) {
    if (r == current) subject = runs.size();
    runs << ReportRun{r->summary, r->histograms, r->sensitivity, {}, {}, {}, {}, false, r->entropy};
  }
  // The float model's analyses belong to the report of a run of that model.
  if (QString::fromStdString(runs[subject].summary->model) == session_.modelSpec()) {
    auto* landscape = views_.landscape;
    runs[subject].fit = views_.fit->fit();
    runs[subject].landscapeLayer = landscape->layerCurve();
    runs[subject].landscapeChannel = landscape->channelCurve();
    runs[subject].landscapeSurface = landscape->surface();
    runs[subject].surfaceChannelWise = landscape->surfaceIsChannelWise();
  }
  const QString versions = tr("ViTQuant Studio %1 · LibTorch %2 · Qt %3").arg(QApplication::applicationVersion(), TORCH_VERSION, qVersion());
  const QString error = writeRunReport(runs, subject, path, versions);
  session_.log(error.isEmpty() ? tr("Report written to %1").arg(path) : tr("error: %1").arg(error));
  return error;
}

bool ExportController::startOnnxExport(const QString& path, bool floatSitesOk) {
  const auto run = session_.currentRunOrSay();
  if (!run || session_.refuseIfBusy(false)) return false;
  // The saved model folder, opened afresh: the export traces its own copy, never the run the views show. A run
  // that was never saved has no folder; "model" alone would name whatever the working directory holds.
  const std::string modelDir =
      run->folder.isEmpty() ? std::string() : (std::filesystem::path(run->folder.toStdString()) / "model").string();
  const std::string out = path.toStdString();
  JobRunner::Task<vq::OnnxExportResult> task = [modelDir, out, floatSitesOk](const vq::ProgressFn&, const vq::CancelToken&) {
    if (modelDir.empty()) vq::usageError("this run was not saved, so there is no model folder to export");
    if (!std::filesystem::exists(std::filesystem::path(modelDir) / "config.json"))
      vq::inputError(modelDir, "this run was saved without its model");
    auto loaded = vq::openModel(modelDir);
    vq::OnnxExportOptions options;
    options.floatSitesOk = floatSitesOk;
    return vq::exportOnnx(loaded, out, options);
  };
  return session_.jobs().run(tr("export ONNX"), task, [this](vq::OnnxExportResult result) {
    session_.status(tr("Wrote %1: %n QDQ sites", nullptr, static_cast<int>(result.qdqSites)).arg(QString::fromStdString(result.path)) +
                    (result.floatSites.empty() ? QString() : tr(", %n left in float", nullptr, static_cast<int>(result.floatSites.size()))));
  });
}
