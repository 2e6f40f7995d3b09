#include "app/studio/MainWindow.h"

#include "app/studio/ModelLoader.h"
#include "widgets/ModelStructureView.h"

#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateTime>
#include <QDockWidget>
#include <QFileDialog>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QVBoxLayout>

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(tr("ViTQuant Studio"));
  structure_ = new ModelStructureView(this);
  setCentralWidget(structure_);

  // Left panel: the model to work on.
  auto* panel = new QWidget(this);
  auto* form = new QFormLayout(panel);
  modelCombo_ = new QComboBox(panel);
  modelCombo_->setEditable(true);
  modelCombo_->setMinimumContentsLength(28);
  modelCombo_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  modelCombo_->addItems(builtinModels());
  modelCombo_->setToolTip(tr("builtin:<name>, arch:<timm name>, or a timm model folder (config.json + model.safetensors)"));
  auto* openButton = new QPushButton(tr("Open model folder…"), panel);
  auto* loadButton = new QPushButton(tr("Load"), panel);
  form->addRow(tr("Model"), modelCombo_);
  form->addRow(loadButton);
  form->addRow(openButton);
  auto* dock = new QDockWidget(tr("Model"), this);
  dock->setObjectName("modelDock");
  dock->setWidget(panel);
  addDockWidget(Qt::LeftDockWidgetArea, dock);

  log_ = new QPlainTextEdit(this);
  log_->setReadOnly(true);
  auto* logDock = new QDockWidget(tr("Log"), this);
  logDock->setObjectName("logDock");
  logDock->setWidget(log_);
  addDockWidget(Qt::BottomDockWidgetArea, logDock);

  connect(loadButton, &QPushButton::clicked, this, [this] { openModel(modelCombo_->currentText().trimmed()); });
  connect(openButton, &QPushButton::clicked, this, &MainWindow::chooseFolder);
  connect(structure_, &ModelStructureView::siteSelected, this, [this](const QString& site) { statusBar()->showMessage(site); });
  buildMenus();

  QSettings settings;
  resize(1100, 720);  // first start; a saved geometry overrides it
  restoreGeometry(settings.value("window/geometry").toByteArray());
  restoreState(settings.value("window/state").toByteArray());
  statusBar()->showMessage(tr("Ready"));
}

void MainWindow::buildMenus() {
  auto* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("&Open Model Folder…"), QKeySequence::Open, this, &MainWindow::chooseFolder);
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::closeAllWindows);
  auto* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About ViTQuant Studio"), this, [this] {
    QMessageBox::about(this, tr("About ViTQuant Studio"),
                       tr("<b>ViTQuant Studio %1</b><p>A workbench for quantizing Vision Transformers.</p><p>Qt %2</p>")
                           .arg(QApplication::applicationVersion(), qVersion()));
  });
}

void MainWindow::chooseFolder() {
  QSettings settings;
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Open a timm model folder"), settings.value("paths/lastFolder").toString());
  if (dir.isEmpty()) return;
  settings.setValue("paths/lastFolder", dir);
  modelCombo_->setCurrentText(dir);
  openModel(dir);
}

void MainWindow::openModel(const QString& spec) {
  if (spec.isEmpty() || loading_) return;
  loading_ = true;
  log(tr("Loading %1 …").arg(spec));
  statusBar()->showMessage(tr("Loading %1 …").arg(spec));
  auto* watcher = new QFutureWatcher<ModelLoadResult>(this);
  connect(watcher, &QFutureWatcher<ModelLoadResult>::finished, this, [this, watcher] {
    const auto result = watcher->result();
    watcher->deleteLater();
    loading_ = false;
    if (!result.error.isEmpty()) {
      log(tr("error: %1").arg(result.error));
      statusBar()->showMessage(tr("Could not load the model"));
      Q_EMIT modelFailed(result.error);
      if (isVisible()) QMessageBox::warning(this, tr("Could not load the model"), result.error);
      return;
    }
    structure_->setModelDescription(result.description);
    if (modelCombo_->findText(result.spec) < 0) modelCombo_->addItem(result.spec);
    modelCombo_->setCurrentText(result.spec);
    QSettings().setValue("model/last", result.spec);
    setWindowTitle(tr("ViTQuant Studio — %1").arg(result.spec));
    log(tr("Loaded %1: %2 parameters").arg(result.spec).arg(result.description["parameters"].toInteger()));
    statusBar()->showMessage(tr("Loaded %1").arg(result.spec));
    Q_EMIT modelLoaded(result.spec);
  });
  watcher->setFuture(loadModelAsync(spec));
}

void MainWindow::log(const QString& line) {
  log_->appendPlainText(QDateTime::currentDateTime().toString("hh:mm:ss ") + line);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  QSettings settings;
  settings.setValue("window/geometry", saveGeometry());
  settings.setValue("window/state", saveState());
  event->accept();
}
