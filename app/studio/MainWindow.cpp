#include "app/studio/MainWindow.h"

#include "app/studio/AnalysisJobs.h"
#include "app/studio/ModelLoader.h"
#include "app/studio/PreferencesDialog.h"
#include "app/studio/StudioJobs.h"
#include "core/methods/method.h"
#include "core/model/zoo.h"
#include "core/util/version.h"
#include "widgets/ChartExport.h"
#include "widgets/ChannelRangePlot.h"
#include "widgets/HeatMapPlot.h"
#include "widgets/HistogramPlot.h"
#include "widgets/HistogramsView.h"
#include "widgets/InferenceView.h"
#include "widgets/JobBar.h"
#include "widgets/ModelStructureView.h"
#include "widgets/RunReport.h"
#include "widgets/RunSetupPanel.h"
#include "widgets/RunsView.h"
#include "widgets/OscillationView.h"
#include "widgets/QuantizerFitView.h"
#include "widgets/SensitivityView.h"
#include "widgets/SweepView.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDockWidget>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

#include <ATen/Parallel.h>
#include <torch/version.h>

namespace {

constexpr int kMaxRecent = 8;

QString outcomeText(JobOutcome outcome, const QString& message, double seconds) {
  switch (outcome) {
    case JobOutcome::Succeeded: return MainWindow::tr("done in %1 s").arg(seconds, 0, 'f', 1);
    case JobOutcome::Cancelled: return MainWindow::tr("cancelled");
    case JobOutcome::Failed: return MainWindow::tr("failed: %1").arg(message);
  }
  return {};
}

// The last run's settings come back at the next start (method options stay per run).
void saveRunSettings(const RunSettings& s) {
  QSettings settings;
  settings.beginGroup("run");
  settings.setValue("data", s.data);
  settings.setValue("method", s.method);
  settings.setValue("wbits", s.wbits);
  settings.setValue("abits", s.abits);
  settings.setValue("calib", s.calib);
  settings.setValue("evalLimit", s.evalLimit);
  settings.setValue("seed", s.seed);
  settings.setValue("sensitivity", s.analyseSensitivity);
}

RunSettings savedRunSettings() {
  QSettings settings;
  settings.beginGroup("run");
  RunSettings s;
  s.data = settings.value("data", "fashion-mnist").toString();
  s.method = settings.value("method", "percentile").toString();
  s.wbits = settings.value("wbits", s.wbits).toInt();
  s.abits = settings.value("abits", s.abits).toInt();
  s.calib = settings.value("calib", s.calib).toInt();
  s.evalLimit = settings.value("evalLimit", s.evalLimit).toInt();
  s.seed = settings.value("seed", s.seed).toInt();
  s.analyseSensitivity = settings.value("sensitivity", s.analyseSensitivity).toBool();
  return s;
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(tr("ViTQuant Studio"));
  setAcceptDrops(false);  // images are dropped on the inference tab

  tabs_ = new QTabWidget(this);
  structure_ = new ModelStructureView(tabs_);
  runsView_ = new RunsView(tabs_);
  histograms_ = new HistogramsView(tabs_);
  sensitivity_ = new SensitivityView(tabs_);
  inference_ = new InferenceView(tabs_);
  tabs_->addTab(structure_, tr("Model"));
  tabs_->addTab(runsView_, tr("Runs"));
  tabs_->addTab(histograms_, tr("Histograms"));
  tabs_->addTab(sensitivity_, tr("Sensitivity"));
  tabs_->addTab(inference_, tr("Inference"));
  addMethodViews();
  sweep_ = new SweepView(tabs_);
  tabs_->addTab(sweep_, tr("Sweep"));
  jobBar_ = new JobBar(this);
  auto* central = new QWidget(this);
  auto* centralLayout = new QVBoxLayout(central);
  centralLayout->setContentsMargins(0, 0, 0, 0);
  centralLayout->addWidget(tabs_, 1);
  centralLayout->addWidget(jobBar_);
  setCentralWidget(central);

  setup_ = new RunSetupPanel(this);
  QStringList names, summaries;
  for (const auto& m : vq::quantMethods()) {
    names << QString::fromStdString(m.name);
    summaries << QString::fromStdString(m.summary);
  }
  setup_->setMethods(names, summaries);
  setup_->applySettings(savedRunSettings());
  setup_->setModels(builtinModels(), QSettings().value("model/recent").toStringList());
  auto* setupDock = new QDockWidget(tr("Setup"), this);
  setupDock->setObjectName("setupDock");
  setupDock->setWidget(setup_);
  addDockWidget(Qt::LeftDockWidgetArea, setupDock);

  log_ = new QPlainTextEdit(this);
  log_->setReadOnly(true);
  log_->setMaximumBlockCount(5000);
  auto* logDock = new QDockWidget(tr("Log"), this);
  logDock->setObjectName("logDock");
  logDock->setWidget(log_);
  addDockWidget(Qt::BottomDockWidgetArea, logDock);

  connect(setup_, &RunSetupPanel::loadRequested, this, &MainWindow::openModel);
  connect(setup_, &RunSetupPanel::openFolderRequested, this, &MainWindow::chooseModelFolder);
  connect(setup_, &RunSetupPanel::methodOrBitsChanged, this, &MainWindow::refreshOptions);
  connect(setup_, &RunSetupPanel::runRequested, this, [this] { startRun(); });
  connect(jobBar_, &JobBar::cancelRequested, this, &MainWindow::cancelJob);
  connect(&jobs_, &JobRunner::started, jobBar_, &JobBar::start);
  connect(&jobs_, &JobRunner::progressed, jobBar_, &JobBar::setProgress);
  connect(&jobs_, &JobRunner::finished, this, [this](const QString& title, JobOutcome outcome, const QString& message, double seconds) {
    const QString text = outcomeText(outcome, message, seconds);
    jobBar_->finish(text);
    setup_->setRunEnabled(!loading_);
    log(outcome == JobOutcome::Failed ? tr("error: %1").arg(message) : tr("%1: %2").arg(title, text));
    statusBar()->showMessage(tr("%1: %2").arg(title, text));
    if (outcome == JobOutcome::Failed && isVisible()) QMessageBox::warning(this, title, message);
    Q_EMIT jobFinished(title, outcome, message);
  });
  connect(runsView_, &RunsView::currentRunChanged, this, &MainWindow::showRun);
  connect(structure_, &ModelStructureView::siteSelected, this, [this](const QString& site) {
    statusBar()->showMessage(site);
    histograms_->selectSite(site);
  });
  connect(sensitivity_, &SensitivityView::siteClicked, this, [this](const QString& site) {
    if (histograms_->selectSite(site)) tabs_->setCurrentWidget(histograms_);
  });
  connect(inference_, &InferenceView::filesRequested, this, &MainWindow::startInferenceOnFiles);
  connect(inference_, &InferenceView::folderRequested, this, &MainWindow::startInferenceOnFolder);
  connect(inference_, &InferenceView::samplesRequested, this, &MainWindow::startInferenceOnSamples);
  buildMenus();

  QSettings settings;
  resize(1280, 800);  // first start; a saved geometry overrides it
  resizeDocks({logDock}, {110}, Qt::Vertical);
  restoreGeometry(settings.value("window/geometry").toByteArray());
  restoreState(settings.value("window/state").toByteArray());
  tabs_->setCurrentIndex(settings.value("window/tab", 0).toInt());
  setGuidedMode(settings.value("view/guided", false).toBool());
  setup_->setRunEnabled(false);  // until a model is loaded
  statusBar()->showMessage(tr("Ready"));
}

MainWindow::~MainWindow() {
  jobs_.cancel();
  jobs_.waitForIdle();  // the worker holds pointers into runs_ and fp_
}

void MainWindow::buildMenus() {
  auto* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("&Open Model Folder…"), QKeySequence::Open, this, &MainWindow::chooseModelFolder);
  auto* recent = file->addMenu(tr("Recent &Models"));
  connect(recent, &QMenu::aboutToShow, this, [this, recent] {
    recent->clear();
    for (const auto& spec : QSettings().value("model/recent").toStringList()) recent->addAction(spec, this, [this, spec] { openModel(spec); });
    if (recent->isEmpty()) recent->addAction(tr("(none)"))->setEnabled(false);
  });
  file->addAction(tr("Open &Run…"), QKeySequence(tr("Ctrl+Shift+O")), this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open a saved run"), runsRoot());
    if (!dir.isEmpty()) openRun(dir);
  });
  addSweepMenu(file);
  file->addSeparator();
  file->addAction(tr("&Export Chart…"), QKeySequence(tr("Ctrl+E")), this, &MainWindow::exportCurrentChart);
  file->addAction(tr("Export Re&port…"), QKeySequence(tr("Ctrl+Shift+E")), this, [this] {
    if (!currentRun()) {
      statusBar()->showMessage(tr("Run a quantization first"));
      return;
    }
    const QString path = QFileDialog::getSaveFileName(this, tr("Export report"), QDir::home().filePath("report.pdf"),
                                                      tr("PDF document (*.pdf);;HTML page (*.html)"));
    if (path.isEmpty()) return;
    const QString error = exportReport(path);
    if (!error.isEmpty()) QMessageBox::warning(this, tr("Export failed"), error);
  });
  addExportMenu(file);
  file->addSeparator();
  auto* preferences = file->addAction(tr("Pre&ferences…"), QKeySequence(tr("Ctrl+,")), this, [this] {
    PreferencesDialog dialog(this);
    if (dialog.exec() == QDialog::Accepted && dialog.apply())
      statusBar()->showMessage(tr("The new language applies when the studio starts again"));
  });
  preferences->setMenuRole(QAction::PreferencesRole);
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

  auto* run = menuBar()->addMenu(tr("&Run"));
  run->addAction(tr("&Quantize and Evaluate"), QKeySequence(tr("Ctrl+R")), this, [this] { startRun(); });
  run->addAction(tr("Analyse &Sensitivity"), QKeySequence(tr("Ctrl+Shift+S")), this, [this] { startSensitivity(); });
  run->addAction(tr("&Cancel"), QKeySequence(tr("Ctrl+.")), this, &MainWindow::cancelJob);

  auto* view = menuBar()->addMenu(tr("&View"));
  for (int i = 0; i < tabs_->count(); ++i)  // Ctrl+1 … Ctrl+9 for the first nine
    view->addAction(tabs_->tabText(i), i < 9 ? QKeySequence(QString("Ctrl+%1").arg(i + 1)) : QKeySequence(), this,
                    [this, i] { tabs_->setCurrentIndex(i); });
  view->addSeparator();
  guidedAction_ = view->addAction(tr("&Guided Mode"), QKeySequence(tr("F1")), this, &MainWindow::setGuidedMode);
  guidedAction_->setCheckable(true);
  guidedAction_->setToolTip(tr("Explain each method view and offer its paper's example"));

  auto* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About ViTQuant Studio"), this, [this] {
    QMessageBox::about(this, tr("About ViTQuant Studio"),
                       tr("<b>ViTQuant Studio %1</b><p>A workbench for quantizing Vision Transformers: see why a quantized ViT "
                          "loses accuracy and which method wins back how much.</p>"
                          "<p>Engine %1 · LibTorch %2 · Qt %3 · %4 LibTorch threads</p><p>Model: %5</p>")
                           .arg(QApplication::applicationVersion(), TORCH_VERSION, qVersion())
                           .arg(at::get_num_threads())
                           .arg(fpSpec_.isEmpty() ? tr("none") : fpSpec_.toHtmlEscaped()));
  });
}

void MainWindow::chooseModelFolder() {
  QSettings settings;
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Open a timm model folder"), settings.value("paths/lastFolder").toString());
  if (dir.isEmpty()) return;
  settings.setValue("paths/lastFolder", dir);
  openModel(dir);
}

void MainWindow::rememberRecent(const QString& spec) {
  QSettings settings;
  QStringList recent = settings.value("model/recent").toStringList();
  recent.removeAll(spec);
  recent.prepend(spec);
  while (recent.size() > kMaxRecent) recent.removeLast();
  settings.setValue("model/recent", recent);
  settings.setValue("model/last", spec);
}

void MainWindow::openModel(const QString& spec) {
  if (spec.isEmpty() || loading_) return;
  if (jobs_.isBusy()) {  // the running job may hold the current model
    statusBar()->showMessage(tr("A job is running; load the model when it has ended"));
    return;
  }
  loading_ = true;
  setup_->setRunEnabled(false);
  setup_->setCurrentModel(spec);
  log(tr("Loading %1 …").arg(spec));
  statusBar()->showMessage(tr("Loading %1 …").arg(spec));
  auto* watcher = new QFutureWatcher<ModelLoadResult>(this);
  connect(watcher, &QFutureWatcher<ModelLoadResult>::finished, this, [this, watcher] {
    const auto result = watcher->result();
    watcher->deleteLater();
    loading_ = false;
    setup_->setRunEnabled(!jobs_.isBusy() && fp_ != nullptr);
    if (!result.error.isEmpty()) {
      log(tr("error: %1").arg(result.error));
      statusBar()->showMessage(tr("Could not load the model"));
      Q_EMIT modelFailed(result.error);
      if (isVisible()) QMessageBox::warning(this, tr("Could not load the model"), result.error);
      return;
    }
    fp_ = result.model;
    fpSpec_ = result.spec;
    structure_->setModelDescription(result.description);
    setup_->setCurrentModel(result.spec);
    setup_->setRunEnabled(!jobs_.isBusy());
    rememberRecent(result.spec);
    refreshOptions();
    showModelInMethodViews();
    setWindowTitle(tr("ViTQuant Studio — %1").arg(result.spec));
    log(tr("Loaded %1: %2 parameters").arg(result.spec).arg(result.description["parameters"].toInteger()));
    statusBar()->showMessage(tr("Loaded %1").arg(result.spec));
    Q_EMIT modelLoaded(result.spec);
  });
  watcher->setFuture(loadModelAsync(spec));
}

void MainWindow::refreshOptions() {
  if (!fp_) return;
  const auto s = setup_->settings();
  try {
    setup_->setOptionSpecs(vq::describeOptions(vq::methodByName(s.method.toStdString()), *fp_, s.wbits, s.abits));
  } catch (const std::exception& e) {
    log(tr("error: %1").arg(QString::fromUtf8(e.what())));
  }
}

bool MainWindow::isBusy() const { return jobs_.isBusy(); }

bool MainWindow::startRun() { return startRun(setup_->settings()); }

bool MainWindow::readyForJob() {
  if (fp_ && !loading_ && !jobs_.isBusy()) return true;
  statusBar()->showMessage(fp_ && !loading_ ? tr("A job is running") : tr("Load a model first"));
  return false;
}

bool MainWindow::startRun(const RunSettings& settings) {
  if (!readyForJob()) return false;
  saveRunSettings(settings);
  auto run = std::make_shared<StudioRun>();
  run->id = static_cast<int>(runs_.size()) + 1;
  const QString title = tr("%1 W%2A%3 on %4").arg(settings.method).arg(settings.wbits).arg(settings.abits).arg(settings.model);
  setup_->setRunEnabled(false);
  log(tr("Run %1: %2").arg(run->id).arg(title));
  return jobs_.start(title, quantizeJob(settings, runsRoot(), run), [this, run, settings] {
    run->label = runLabel(*run);
    runs_.push_back(run);
    runsView_->addRun(run->id, run->summary);  // selects it, which shows it
    showRun(run->id);
    const auto& s = run->summary;
    log(tr("Run %1: top-1 %2 % (float %3 %) on %4 images; saved in %5")
            .arg(run->id)
            .arg(100 * s["top1"].toDouble(), 0, 'f', 2)
            .arg(100 * s["fp_top1"].toDouble(), 0, 'f', 2)
            .arg(s["n"].toInt())
            .arg(run->folder));
    if (settings.analyseSensitivity)
      QMetaObject::invokeMethod(this, [this] { startSensitivity(); }, Qt::QueuedConnection);  // after this job has ended
  });
}

std::shared_ptr<StudioRun> MainWindow::currentRun() const {
  for (const auto& r : runs_)
    if (r->id == currentRunId_) return r;
  return runs_.empty() ? nullptr : runs_.back();
}

bool MainWindow::startSensitivity(int images) {
  const auto run = currentRun();
  if (!run || loading_ || jobs_.isBusy()) {
    statusBar()->showMessage(run ? tr("A job is running") : tr("Run a quantization first"));
    return false;
  }
  auto out = std::make_shared<std::shared_ptr<const vq::SensitivityReport>>();
  const QString data = run->summary["data"].toString();
  return jobs_.start(tr("sensitivity of run %1").arg(run->id), sensitivityJob(run, data, images, out), [this, run, out] {
    run->sensitivity = *out;
    if (run->id == currentRunId_) sensitivity_->setReport(run->sensitivity);
  });
}

bool MainWindow::startInference(const InferenceInput& input) {
  if (!readyForJob()) return false;
  const auto run = currentRun();
  auto out = std::make_shared<std::shared_ptr<const vq::PredictionComparison>>();
  return jobs_.start(tr("inference"), inferenceJob(fp_, run, input, out), [this, run, out] {
    if (run) run->inference = *out;
    inference_->setComparison(*out);
    tabs_->setCurrentWidget(inference_);
  });
}

bool MainWindow::startInferenceOnSamples(int count) {
  InferenceInput input;
  const auto run = currentRun();
  input.data = run ? run->summary["data"].toString() : setup_->settings().data;
  input.samples = count;
  input.seed = setup_->settings().seed;
  return startInference(input);
}

bool MainWindow::startInferenceOnFiles(const QStringList& files) {
  InferenceInput input;
  input.files = files;
  return startInference(input);
}

bool MainWindow::startInferenceOnFolder(const QString& folder) {
  InferenceInput input;
  input.folder = folder;
  return startInference(input);
}

QString MainWindow::runsRoot() {
  const QString fallback = QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath("runs");
  return QSettings().value("paths/runs", fallback).toString();
}

bool MainWindow::openRun(const QString& folder) {
  if (loading_ || jobs_.isBusy()) {
    statusBar()->showMessage(tr("A job is running"));
    return false;
  }
  auto run = std::make_shared<StudioRun>();
  return jobs_.start(tr("open run %1").arg(QFileInfo(folder).fileName()), openRunJob(folder, run), [this, run] {
    run->id = static_cast<int>(runs_.size()) + 1;
    run->label = runLabel(*run);
    runs_.push_back(run);
    runsView_->addRun(run->id, run->summary);
    showRun(run->id);
    log(tr("Run %1 reopened from %2").arg(run->id).arg(run->folder));
  });
}

QString MainWindow::exportReport(const QString& path) {
  const auto current = currentRun();
  if (!current) return tr("%1: there is no run to report").arg(path);
  QList<ReportRun> runs;
  int subject = 0;
  for (const auto& r : runs_) {
    if (r == current) subject = runs.size();
    runs << ReportRun{r->summary, r->histograms, r->sensitivity, {}, {}, {}, {}, false, r->entropy};
  }
  // The float model's analyses belong to the report of a run of that model.
  if (runs[subject].summary["model"].toString() == fpSpec_) {
    runs[subject].fit = fit_->fit();
    runs[subject].landscapeLayer = landscape_->layerCurve();
    runs[subject].landscapeChannel = landscape_->channelCurve();
    runs[subject].landscapeSurface = landscape_->surface();
    runs[subject].surfaceChannelWise = landscape_->surfaceIsChannelWise();
  }
  const QString versions = tr("ViTQuant Studio %1 · LibTorch %2 · Qt %3").arg(QApplication::applicationVersion(), TORCH_VERSION, qVersion());
  const QString error = writeRunReport(runs, subject, path, versions);
  log(error.isEmpty() ? tr("Report written to %1").arg(path) : tr("error: %1").arg(error));
  return error;
}

void MainWindow::cancelJob() {
  if (!jobs_.isBusy()) return;
  jobs_.cancel();
  log(tr("Cancelling %1 …").arg(jobs_.currentTitle()));
}

void MainWindow::showRun(int id) {
  currentRunId_ = id;
  const auto run = currentRun();
  if (!run) return;
  if (run->histograms)
    histograms_->setHistograms(run->histograms);
  else
    histograms_->clear();  // a sweep's run: only its summary is read (File → Open Run reads all of it)
  if (run->sensitivity)
    sensitivity_->setReport(run->sensitivity);
  else
    sensitivity_->clear();
  if (run->inference)
    inference_->setComparison(run->inference);
  else
    inference_->clear();
  showRunInMethodViews(*run);
}

void MainWindow::exportCurrentChart() {
  QWidget* tab = tabs_->currentWidget();
  QCustomPlot* plot = nullptr;
  QString name;
  if (tab == histograms_) {
    plot = histograms_->histogramPlot();
    name = "histogram";
  } else if (tab == sensitivity_) {
    plot = sensitivity_->plot();
    name = "sensitivity";
  } else if (tab == inference_) {
    plot = inference_->plot();
    name = "inference";
  } else if (tab == fit_) {
    plot = fit_->plot();
    name = "fit";
  } else if (tab == landscape_) {
    plot = landscape_->hasCurves() || !landscape_->hasSurface() ? landscape_->plot() : static_cast<QCustomPlot*>(landscape_->heatMap());
    name = "landscape";
  } else if (tab == oscillation_) {
    plot = oscillation_->plot();
    name = "oscillation";
  } else if (tab == entropy_) {
    plot = entropy_->plot();
    name = "entropy";
  } else if (tab == sweep_) {
    plot = sweep_->plot();
    name = "sweep";
  }
  if (!plot) {
    statusBar()->showMessage(tr("This tab has no chart"));
    return;
  }
  chart::exportWithDialog(plot, name, this);
}

void MainWindow::log(const QString& line) { log_->appendPlainText(QDateTime::currentDateTime().toString("hh:mm:ss ") + line); }

void MainWindow::closeEvent(QCloseEvent* event) {
  if (jobs_.isBusy() && isVisible() &&
      QMessageBox::question(this, tr("Quit"), tr("%1 is still running. Cancel it and quit?").arg(jobs_.currentTitle())) != QMessageBox::Yes) {
    event->ignore();
    return;
  }
  jobs_.cancel();
  QSettings settings;
  settings.setValue("window/geometry", saveGeometry());
  settings.setValue("window/state", saveState());
  settings.setValue("window/tab", tabs_->currentIndex());
  event->accept();
}
