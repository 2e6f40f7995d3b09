#include "app/studio/MainWindow.h"

#include "app/studio/AnalysisController.h"
#include "app/studio/ExportController.h"
#include "app/studio/ModelLoader.h"
#include "app/studio/PreferencesDialog.h"
#include "app/studio/RunController.h"
#include "app/studio/StudioSession.h"
#include "app/studio/SweepController.h"
#include "core/model/summary.h"
#include "core/model/zoo.h"
#include "widgets/EntropyView.h"
#include "widgets/HistogramsView.h"
#include "widgets/InferenceView.h"
#include "widgets/JobBar.h"
#include "widgets/LandscapeView.h"
#include "widgets/ModelStructureView.h"
#include "widgets/OscillationView.h"
#include "widgets/QuantizerFitView.h"
#include "widgets/RunSetupPanel.h"
#include "widgets/RunsView.h"
#include "widgets/SensitivityView.h"
#include "widgets/SweepView.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDockWidget>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSettings>
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

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent), session_(new StudioSession(this)) {
  setWindowTitle(tr("ViTQuant Studio"));
  setAcceptDrops(false);  // images are dropped on the inference tab
  buildViews();
  buildDocks();
  runs_ = new RunController(*session_, views_, this);
  analyses_ = new AnalysisController(*session_, views_, *runs_, this);
  sweeps_ = new SweepController(*session_, views_, this);
  exports_ = new ExportController(*session_, views_, this);
  connectJobs();
  buildMenus();

  QSettings settings;
  restoreGeometry(settings.value("window/geometry").toByteArray());
  restoreState(settings.value("window/state").toByteArray());
  views_.tabs->setCurrentIndex(settings.value("window/tab", 0).toInt());
  analyses_->setGuidedMode(settings.value("view/guided", false).toBool());
  views_.setup->setRunEnabled(false);  // until a model is loaded
  statusBar()->showMessage(tr("Ready"));
}

MainWindow::~MainWindow() {
  session_->jobs().cancel();
  session_->jobs().waitForIdle();  // the worker holds pointers into the session's runs and model
}

void MainWindow::buildViews() {
  auto* tabs = new QTabWidget(this);
  views_.window = this;
  views_.tabs = tabs;
  views_.structure = new ModelStructureView(tabs);
  views_.runs = new RunsView(tabs);
  views_.histograms = new HistogramsView(tabs);
  views_.sensitivity = new SensitivityView(tabs);
  views_.inference = new InferenceView(tabs);
  views_.fit = new QuantizerFitView(tabs);
  views_.landscape = new LandscapeView(tabs);
  views_.oscillation = new OscillationView(tabs);
  views_.entropy = new EntropyView(tabs);
  views_.sweep = new SweepView(tabs);
  tabs->addTab(views_.structure, tr("Model"));
  tabs->addTab(views_.runs, tr("Runs"));
  tabs->addTab(views_.histograms, tr("Histograms"));
  tabs->addTab(views_.sensitivity, tr("Sensitivity"));
  tabs->addTab(views_.inference, tr("Inference"));
  tabs->addTab(views_.fit, tr("Quantizer Fit"));
  tabs->addTab(views_.landscape, tr("Loss Landscape"));
  tabs->addTab(views_.oscillation, tr("Oscillation"));
  tabs->addTab(views_.entropy, tr("Attention Entropy"));
  tabs->addTab(views_.sweep, tr("Sweep"));
  jobBar_ = new JobBar(this);
  auto* central = new QWidget(this);
  auto* centralLayout = new QVBoxLayout(central);
  centralLayout->setContentsMargins(0, 0, 0, 0);
  centralLayout->addWidget(tabs, 1);
  centralLayout->addWidget(jobBar_);
  setCentralWidget(central);

  connect(views_.structure, &ModelStructureView::siteSelected, this, [this](const QString& site) {
    statusBar()->showMessage(site);
    views_.histograms->selectSite(site);
  });
  connect(views_.sensitivity, &SensitivityView::siteClicked, this, [this](const QString& site) {
    if (views_.histograms->selectSite(site)) views_.tabs->setCurrentWidget(views_.histograms);
  });
}

void MainWindow::buildDocks() {
  views_.setup = new RunSetupPanel(this);
  views_.setup->setModels(builtinModels(), QSettings().value("model/recent").toStringList());
  auto* setupDock = new QDockWidget(tr("Setup"), this);
  setupDock->setObjectName("setupDock");
  setupDock->setWidget(views_.setup);
  addDockWidget(Qt::LeftDockWidgetArea, setupDock);
  connect(views_.setup, &RunSetupPanel::loadRequested, this, &MainWindow::openModel);
  connect(views_.setup, &RunSetupPanel::openFolderRequested, this, &MainWindow::chooseModelFolder);

  log_ = new QPlainTextEdit(this);
  log_->setReadOnly(true);
  log_->setMaximumBlockCount(5000);
  auto* logDock = new QDockWidget(tr("Log"), this);
  logDock->setObjectName("logDock");
  logDock->setWidget(log_);
  addDockWidget(Qt::BottomDockWidgetArea, logDock);
  resize(1280, 800);  // first start; a saved geometry overrides it
  resizeDocks({logDock}, {110}, Qt::Vertical);
}

void MainWindow::connectJobs() {
  auto& jobs = session_->jobs();
  connect(session_, &StudioSession::logged, this, &MainWindow::log);
  connect(session_, &StudioSession::statusChanged, this, [this](const QString& text) { statusBar()->showMessage(text); });
  connect(jobBar_, &JobBar::cancelRequested, this, &MainWindow::cancelJob);
  connect(&jobs, &JobRunner::started, jobBar_, &JobBar::start);
  connect(&jobs, &JobRunner::progressed, jobBar_, &JobBar::setProgress);
  connect(&jobs, &JobRunner::finished, this, [this](const QString& title, JobOutcome outcome, const QString& message, double seconds) {
    const QString text = outcomeText(outcome, message, seconds);
    jobBar_->finish(text);
    views_.setup->setRunEnabled(!session_->isLoading());
    log(outcome == JobOutcome::Failed ? tr("error: %1").arg(message) : tr("%1: %2").arg(title, text));
    statusBar()->showMessage(tr("%1: %2").arg(title, text));
    if (outcome == JobOutcome::Failed && isVisible()) QMessageBox::warning(this, title, message);
    Q_EMIT jobFinished(title, outcome, message);
  });
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
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open a saved run"), StudioSession::runsRoot());
    if (!dir.isEmpty()) runs_->openRun(dir);
  });
  sweeps_->addMenuActions(file);
  file->addSeparator();
  exports_->addMenuActions(file);
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
  run->addAction(tr("&Quantize and Evaluate"), QKeySequence(tr("Ctrl+R")), this, [this] { runs_->startRun(); });
  run->addAction(tr("Analyse &Sensitivity"), QKeySequence(tr("Ctrl+Shift+S")), this, [this] { runs_->startSensitivity(); });
  run->addAction(tr("&Cancel"), QKeySequence(tr("Ctrl+.")), this, &MainWindow::cancelJob);

  auto* view = menuBar()->addMenu(tr("&View"));
  for (int i = 0; i < views_.tabs->count(); ++i)  // Ctrl+1 … Ctrl+9 for the first nine
    view->addAction(views_.tabs->tabText(i), i < 9 ? QKeySequence(QString("Ctrl+%1").arg(i + 1)) : QKeySequence(), this,
                    [this, i] { views_.tabs->setCurrentIndex(i); });
  view->addSeparator();
  guidedAction_ = view->addAction(tr("&Guided Mode"), QKeySequence(tr("F1")), analyses_, &AnalysisController::setGuidedMode);
  guidedAction_->setCheckable(true);
  guidedAction_->setChecked(analyses_->guidedMode());
  guidedAction_->setToolTip(tr("Explain each method view and offer its paper's example"));
  connect(analyses_, &AnalysisController::guidedModeChanged, guidedAction_, &QAction::setChecked);

  auto* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About ViTQuant Studio"), this, [this] {
    QMessageBox::about(this, tr("About ViTQuant Studio"),
                       tr("<b>ViTQuant Studio %1</b><p>A workbench for quantizing Vision Transformers: see why a quantized ViT "
                          "loses accuracy and which method wins back how much.</p>"
                          "<p>Engine %1 · LibTorch %2 · Qt %3 · %4 LibTorch threads</p><p>Model: %5</p>")
                           .arg(QApplication::applicationVersion(), TORCH_VERSION, qVersion())
                           .arg(at::get_num_threads())
                           .arg(session_->modelSpec().isEmpty() ? tr("none") : session_->modelSpec().toHtmlEscaped()));
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
  if (spec.isEmpty() || session_->isLoading()) return;
  if (session_->jobs().isBusy()) {  // the running job may hold the current model
    statusBar()->showMessage(tr("A job is running; load the model when it has ended"));
    return;
  }
  session_->setLoading(true);
  views_.setup->setRunEnabled(false);
  views_.setup->setCurrentModel(spec);
  log(tr("Loading %1 …").arg(spec));
  statusBar()->showMessage(tr("Loading %1 …").arg(spec));
  auto* watcher = new QFutureWatcher<ModelLoadResult>(this);
  connect(watcher, &QFutureWatcher<ModelLoadResult>::finished, this, [this, watcher] {
    const auto result = watcher->result();
    watcher->deleteLater();
    session_->setLoading(false);
    views_.setup->setRunEnabled(!session_->jobs().isBusy() && session_->model() != nullptr);
    if (!result.error.isEmpty()) {
      log(tr("error: %1").arg(result.error));
      statusBar()->showMessage(tr("Could not load the model"));
      Q_EMIT modelFailed(result.error);
      if (isVisible()) QMessageBox::warning(this, tr("Could not load the model"), result.error);
      return;
    }
    session_->setModel(result.model, result.spec);
    views_.structure->setModel(*result.outline);
    views_.setup->setCurrentModel(result.spec);
    views_.setup->setRunEnabled(!session_->jobs().isBusy());
    rememberRecent(result.spec);
    runs_->refreshOptions();
    analyses_->showModel();
    setWindowTitle(tr("ViTQuant Studio — %1").arg(result.spec));
    log(tr("Loaded %1: %2 parameters").arg(result.spec).arg(result.outline->parameters));
    statusBar()->showMessage(tr("Loaded %1").arg(result.spec));
    Q_EMIT modelLoaded(result.spec);
  });
  watcher->setFuture(loadModelAsync(spec));
}

bool MainWindow::isLoading() const { return session_->isLoading(); }

bool MainWindow::isBusy() const { return session_->jobs().isBusy(); }

void MainWindow::cancelJob() {
  if (!session_->jobs().isBusy()) return;
  session_->jobs().cancel();
  log(tr("Cancelling %1 …").arg(session_->jobs().currentTitle()));
}

void MainWindow::log(const QString& line) { log_->appendPlainText(QDateTime::currentDateTime().toString("hh:mm:ss ") + line); }

void MainWindow::closeEvent(QCloseEvent* event) {
  auto& jobs = session_->jobs();
  if (jobs.isBusy() && isVisible() &&
      QMessageBox::question(this, tr("Quit"), tr("%1 is still running. Cancel it and quit?").arg(jobs.currentTitle())) != QMessageBox::Yes) {
    event->ignore();
    return;
  }
  jobs.cancel();
  QSettings settings;
  settings.setValue("window/geometry", saveGeometry());
  settings.setValue("window/state", saveState());
  settings.setValue("window/tab", views_.tabs->currentIndex());
  event->accept();
}
