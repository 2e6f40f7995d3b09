// The main window's method views: quantizer fit, loss landscape, oscillation and attention entropy — their
// tabs, their jobs, what they show for the current model and run, and guided mode.
#include "app/studio/AnalysisJobs.h"
#include "app/studio/MainWindow.h"
#include "core/analysis/attention_entropy.h"
#include "core/analysis/landscape.h"
#include "core/analysis/quantizer_fit.h"
#include "core/model/zoo.h"
#include "widgets/EntropyView.h"
#include "widgets/GuidePanel.h"
#include "widgets/LandscapeView.h"
#include "widgets/OscillationView.h"
#include "widgets/QuantizerFitView.h"
#include "widgets/RunSetupPanel.h"

#include <QAction>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>

#include <array>

namespace {

QStringList toStrings(const std::vector<std::string>& names) {
  QStringList out;
  for (const auto& n : names) out << QString::fromStdString(n);
  return out;
}

}  // namespace

void MainWindow::addMethodViews() {
  fit_ = new QuantizerFitView(tabs_);
  landscape_ = new LandscapeView(tabs_);
  oscillation_ = new OscillationView(tabs_);
  entropy_ = new EntropyView(tabs_);
  tabs_->addTab(fit_, tr("Quantizer Fit"));
  tabs_->addTab(landscape_, tr("Loss Landscape"));
  tabs_->addTab(oscillation_, tr("Oscillation"));
  tabs_->addTab(entropy_, tr("Attention Entropy"));
  connect(fit_, &QuantizerFitView::fitRequested, this, &MainWindow::startFit);
  connect(landscape_, &LandscapeView::sweepRequested, this, &MainWindow::startLandscape);
  connect(entropy_, &EntropyView::entropyRequested, this, &MainWindow::startEntropy);

  // The examples of the seed papers: the fast analyses start at once, the runs are set up for the user to start.
  connect(fit_, &QuantizerFitView::exampleRequested, this, [this] {
    if (!fp_) return;
    const auto sites = vq::softmaxSites(*fp_->model);
    if (sites.empty()) return;
    fit_->setBits(3);
    startFit(QString::fromStdString(sites[sites.size() / 2]));
  });
  connect(landscape_, &LandscapeView::exampleRequested, this, [this] {
    landscape_->setRequest({0, 3, false, false});
    startLandscape(landscape_->request());
  });
  connect(oscillation_, &OscillationView::exampleRequested, this, [this] {
    // 2 000 steps per unit instead of the default 20 000: minutes instead of hours, for a look at the curves.
    setUpRunExample("modcap", 2, 4,
                    tr("modcap at W2A4 with 2 000 steps per unit (the default is 20 000) is set up: press Run. It reconstructs "
                       "twice (plain BRECQ, then merged units)."),
                    {{"iters", "2000"}});
  });
  connect(entropy_, &EntropyView::exampleRequested, this, [this] {
    setUpRunExample("qvit", 4, 4,
                    tr("Q-ViT at W4A4 is set up: press Run. For the comparison, run it again with the option irm off, then "
                       "analyse one run and compare it with the other."));
  });
}

void MainWindow::setUpRunExample(const QString& method, int wbits, int abits, const QString& hint,
                                 const std::map<std::string, std::string>& options) {
  auto s = setup_->settings();
  s.method = method;
  s.wbits = wbits;
  s.abits = abits;
  s.options = options;
  setup_->applySettings(s);
  refreshOptions();
  statusBar()->showMessage(hint);
  log(hint);
}

void MainWindow::setGuidedMode(bool on) {
  for (auto* guide : {fit_->guide(), landscape_->guide(), oscillation_->guide(), entropy_->guide()}) guide->setVisible(on);
  if (guidedAction_) guidedAction_->setChecked(on);
  QSettings().setValue("view/guided", on);
}

bool MainWindow::guidedMode() const { return fit_->guide()->isVisibleTo(fit_); }

void MainWindow::showModelInMethodViews() {
  fit_->clear();
  fit_->setSites(toStrings(vq::softmaxSites(*fp_->model)));
  landscape_->clear();
  landscape_->setBlocks(toStrings(vq::landscapeBlocks(*fp_->model)));
}

void MainWindow::showRunInMethodViews(const StudioRun& run) {
  oscillation_->setRun(run.summary);
  QList<QPair<int, QString>> others;
  for (const auto& r : runs_)
    if (r->id != run.id && r->model) others << qMakePair(r->id, r->label);
  entropy_->setCompareRuns(others);
  if (run.entropy)
    entropy_->setStudy(run.entropy);
  else
    entropy_->clear();
}

bool MainWindow::startFit(const QString& site) {
  if (!readyForJob()) return false;
  auto out = std::make_shared<std::shared_ptr<const vq::QuantizerFit>>();
  const auto s = setup_->settings();
  return jobs_.start(tr("quantizer fit of %1").arg(site), fitJob(fp_, site, s.data, s.seed, out), [this, out] {
    fit_->setFit(*out);
    tabs_->setCurrentWidget(fit_);
  });
}

bool MainWindow::startLandscape(const LandscapeRequest& request) {
  if (!readyForJob()) return false;
  auto out = std::make_shared<std::array<std::shared_ptr<const vq::Landscape>, 2>>();
  const auto s = setup_->settings();
  const QString title = request.twoD ? tr("2-D loss landscape") : tr("loss landscape");
  return jobs_.start(title, landscapeJob(fp_, request, s.data, s.seed, out), [this, out, request] {
    if (request.twoD)
      landscape_->setSurface((*out)[0], request.channelWise);
    else
      landscape_->setCurves((*out)[0], (*out)[1]);
    tabs_->setCurrentWidget(landscape_);
  });
}

bool MainWindow::startEntropy(const EntropyRequest& request) {
  const auto run = currentRun();
  if (!run) {
    statusBar()->showMessage(tr("Run a quantization first"));
    return false;
  }
  if (!readyForJob()) return false;
  std::shared_ptr<StudioRun> compare;
  for (const auto& r : runs_)
    if (r->id == request.compareRun && r != run) compare = r;
  auto out = std::make_shared<std::shared_ptr<const vq::EntropyStudy>>();
  const QString data = run->summary["data"].toString();
  return jobs_.start(tr("attention entropy of run %1").arg(run->id), entropyJob(fp_, run, compare, request, data, out), [this, run, out] {
    run->entropy = *out;
    if (run->id == currentRunId_ || currentRun() == run) entropy_->setStudy(run->entropy);
    tabs_->setCurrentWidget(entropy_);
  });
}
