#include "app/studio/AnalysisController.h"

#include "app/studio/AnalysisJobs.h"
#include "app/studio/RunController.h"
#include "app/studio/StudioSession.h"
#include "core/analysis/landscape.h"
#include "core/analysis/quantizer_fit.h"
#include "core/model/zoo.h"
#include "core/run/run_summary.h"
#include "widgets/GuidePanel.h"
#include "widgets/OscillationView.h"
#include "widgets/QuantizerFitView.h"
#include "widgets/RunSetupPanel.h"

#include <QSettings>
#include <QTabWidget>

namespace {

QStringList toStrings(const std::vector<std::string>& names) {
  QStringList out;
  for (const auto& n : names) out << QString::fromStdString(n);
  return out;
}

}  // namespace

AnalysisController::AnalysisController(StudioSession& session, const StudioViews& views, RunController& runs, QObject* parent)
    : QObject(parent), session_(session), views_(views), runs_(runs) {
  connect(views_.fit, &QuantizerFitView::fitRequested, this, &AnalysisController::startFit);
  connect(views_.landscape, &LandscapeView::sweepRequested, this, &AnalysisController::startLandscape);
  connect(views_.entropy, &EntropyView::entropyRequested, this, &AnalysisController::startEntropy);
  connect(&session_, &StudioSession::currentRunChanged, this, &AnalysisController::showRun);

  // The examples of the seed papers: the fast analyses start at once, the runs are set up for the user to start.
  connect(views_.fit, &QuantizerFitView::exampleRequested, this, [this] {
    if (!session_.model()) return;
    const auto sites = vq::softmaxSites(*session_.model()->model);
    if (sites.empty()) return;
    views_.fit->setBits(3);
    startFit(QString::fromStdString(sites[sites.size() / 2]));
  });
  connect(views_.landscape, &LandscapeView::exampleRequested, this, [this] {
    views_.landscape->setRequest({0, 3, false, false});
    startLandscape(views_.landscape->request());
  });
  connect(views_.oscillation, &OscillationView::exampleRequested, this, [this] {
    // 2 000 steps per unit instead of the default 20 000: minutes instead of hours, for a look at the curves.
    runs_.setUpExample("modcap", 2, 4,
                       tr("modcap at W2A4 with 2 000 steps per unit (the default is 20 000) is set up: press Run. It reconstructs "
                          "twice (plain BRECQ, then merged units)."),
                       {{"iters", "2000"}});
  });
  connect(views_.entropy, &EntropyView::exampleRequested, this, [this] {
    runs_.setUpExample("qvit", 4, 4,
                       tr("Q-ViT at W4A4 is set up: press Run. For the comparison, run it again with the option irm off, then "
                          "analyse one run and compare it with the other."));
  });
}

void AnalysisController::setGuidedMode(bool on) {
  for (auto* guide : {views_.fit->guide(), views_.landscape->guide(), views_.oscillation->guide(), views_.entropy->guide()}) guide->setVisible(on);
  QSettings().setValue("view/guided", on);
  Q_EMIT guidedModeChanged(on);
}

bool AnalysisController::guidedMode() const { return views_.fit->guide()->isVisibleTo(views_.fit); }

void AnalysisController::showModel() {
  const auto& fp = *session_.model();
  views_.fit->clear();
  views_.fit->setSites(toStrings(vq::softmaxSites(*fp.model)));
  views_.landscape->clear();
  views_.landscape->setBlocks(toStrings(vq::landscapeBlocks(*fp.model)));
}

void AnalysisController::showRun(const std::shared_ptr<StudioRun>& run) {
  views_.oscillation->setRun(run->summary);
  QList<QPair<int, QString>> others;
  for (const auto& r : session_.runs())
    if (r->id != run->id && r->model) others << qMakePair(r->id, r->label);
  views_.entropy->setCompareRuns(others);
  if (run->entropy)
    views_.entropy->setStudy(run->entropy);
  else
    views_.entropy->clear();
}

bool AnalysisController::startFit(const QString& site) {
  if (session_.refuseIfBusy()) return false;
  const auto s = views_.setup->settings();
  return session_.jobs().run(tr("quantizer fit of %1").arg(site), fitJob(session_.model(), site, s.data, s.seed),
                             [this](std::shared_ptr<const vq::QuantizerFit> fit) {
                               views_.fit->setFit(std::move(fit));
                               views_.tabs->setCurrentWidget(views_.fit);
                             });
}

bool AnalysisController::startLandscape(const LandscapeRequest& request) {
  if (session_.refuseIfBusy()) return false;
  const auto s = views_.setup->settings();
  const QString title = request.twoD ? tr("2-D loss landscape") : tr("loss landscape");
  return session_.jobs().run(title, landscapeJob(session_.model(), request, s.data, s.seed), [this, request](LandscapePair curves) {
    if (request.twoD)
      views_.landscape->setSurface(curves[0], request.channelWise);
    else
      views_.landscape->setCurves(curves[0], curves[1]);
    views_.tabs->setCurrentWidget(views_.landscape);
  });
}

bool AnalysisController::startEntropy(const EntropyRequest& request) {
  const auto run = session_.currentRunOrSay();
  if (!run || session_.refuseIfBusy()) return false;
  auto compare = session_.run(request.compareRun);
  if (compare == run) compare = nullptr;
  const QString data = QString::fromStdString(run->summary->data);
  return session_.jobs().run(tr("attention entropy of run %1").arg(run->id), entropyJob(session_.model(), run, compare, request, data),
                             [this, run](std::shared_ptr<const vq::EntropyStudy> study) {
                               run->entropy = std::move(study);
                               if (session_.currentRun() == run) views_.entropy->setStudy(run->entropy);
                               views_.tabs->setCurrentWidget(views_.entropy);
                             });
}
