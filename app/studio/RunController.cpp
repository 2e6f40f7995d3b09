#include "app/studio/RunController.h"

#include "app/studio/StudioJobs.h"
#include "app/studio/StudioSession.h"
#include "core/methods/method.h"
#include "core/run/run_summary.h"
#include "widgets/HistogramsView.h"
#include "widgets/InferenceView.h"
#include "widgets/RunSetupPanel.h"
#include "widgets/RunsView.h"
#include "widgets/SensitivityView.h"

#include <QFileInfo>
#include <QSettings>
#include <QTabWidget>

namespace {

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

RunController::RunController(StudioSession& session, const StudioViews& views, QObject* parent)
    : QObject(parent), session_(session), views_(views) {
  QStringList names, summaries;
  for (const auto& m : vq::quantMethods()) {
    names << QString::fromStdString(m.name);
    summaries << QString::fromStdString(m.summary);
  }
  views_.setup->setMethods(names, summaries);
  views_.setup->applySettings(savedRunSettings());
  connect(views_.setup, &RunSetupPanel::methodOrBitsChanged, this, &RunController::refreshOptions);
  connect(views_.setup, &RunSetupPanel::runRequested, this, [this] { startRun(); });
  connect(views_.inference, &InferenceView::filesRequested, this, &RunController::startInferenceOnFiles);
  connect(views_.inference, &InferenceView::folderRequested, this, &RunController::startInferenceOnFolder);
  connect(views_.inference, &InferenceView::samplesRequested, this, &RunController::startInferenceOnSamples);
  // A new run joins the table, which selects it; the selection makes it the session's current run.
  connect(&session_, &StudioSession::runAdded, this, [this](const std::shared_ptr<StudioRun>& run) { views_.runs->addRun(run->id, run->summary); });
  connect(views_.runs, &RunsView::currentRunChanged, &session_, &StudioSession::setCurrentRun);
  connect(&session_, &StudioSession::currentRunChanged, this, &RunController::showRun);
}

void RunController::refreshOptions() {
  const auto& fp = session_.model();
  if (!fp) return;
  const auto s = views_.setup->settings();
  try {
    views_.setup->setOptionSpecs(vq::describeOptions(vq::methodByName(s.method.toStdString()), *fp, s.wbits, s.abits));
  } catch (const std::exception& e) {
    session_.log(tr("error: %1").arg(QString::fromUtf8(e.what())));
  }
}

void RunController::setUpExample(const QString& method, int wbits, int abits, const QString& hint,
                                 const std::map<std::string, std::string>& options) {
  auto s = views_.setup->settings();
  s.method = method;
  s.wbits = wbits;
  s.abits = abits;
  s.options = options;
  views_.setup->applySettings(s);
  refreshOptions();
  session_.status(hint);
  session_.log(hint);
}

bool RunController::startRun() { return startRun(views_.setup->settings()); }

bool RunController::startRun(const RunSettings& settings) {
  if (session_.refuseIfBusy()) return false;
  saveRunSettings(settings);
  const int id = session_.runCount() + 1;
  const QString title = tr("%1 W%2A%3 on %4").arg(settings.method).arg(settings.wbits).arg(settings.abits).arg(settings.model);
  views_.setup->setRunEnabled(false);
  session_.log(tr("Run %1: %2").arg(id).arg(title));
  return session_.jobs().run(title, quantizeJob(settings, StudioSession::runsRoot()), [this, settings](std::shared_ptr<StudioRun> run) {
    session_.addRun(run);
    session_.setCurrentRun(run->id);
    const auto accuracy = run->summary->accuracy.value_or(vq::RunAccuracy{});  // the studio always evaluates
    session_.log(tr("Run %1: top-1 %2 % (float %3 %) on %4 images; saved in %5")
                     .arg(run->id)
                     .arg(100 * accuracy.top1, 0, 'f', 2)
                     .arg(100 * accuracy.fpTop1, 0, 'f', 2)
                     .arg(accuracy.n)
                     .arg(run->folder));
    if (settings.analyseSensitivity)
      QMetaObject::invokeMethod(this, [this] { startSensitivity(); }, Qt::QueuedConnection);  // after this job has ended
  });
}

bool RunController::openRun(const QString& folder) {
  if (session_.refuseIfBusy(false)) return false;
  return session_.jobs().run(tr("open run %1").arg(QFileInfo(folder).fileName()), openRunJob(folder), [this](std::shared_ptr<StudioRun> run) {
    session_.addRun(run);
    session_.setCurrentRun(run->id);
    session_.log(tr("Run %1 reopened from %2").arg(run->id).arg(run->folder));
  });
}

bool RunController::startSensitivity(int images) {
  const auto run = session_.currentRunOrSay();
  if (!run || session_.refuseIfBusy(false)) return false;
  const QString data = QString::fromStdString(run->summary->data);
  return session_.jobs().run(tr("sensitivity of run %1").arg(run->id), sensitivityJob(run, data, images),
                             [this, run](std::shared_ptr<const vq::SensitivityReport> report) {
                               run->sensitivity = std::move(report);
                               if (session_.currentRun() == run) views_.sensitivity->setReport(run->sensitivity);
                             });
}

bool RunController::startInference(const InferenceInput& input) {
  if (session_.refuseIfBusy()) return false;
  const auto run = session_.currentRun();
  return session_.jobs().run(tr("inference"), inferenceJob(session_.model(), run, input),
                             [this, run](std::shared_ptr<const vq::PredictionComparison> comparison) {
                               if (run) run->inference = comparison;
                               views_.inference->setComparison(comparison);
                               views_.tabs->setCurrentWidget(views_.inference);
                             });
}

bool RunController::startInferenceOnSamples(int count) {
  InferenceInput input;
  const auto run = session_.currentRun();
  input.data = run ? QString::fromStdString(run->summary->data) : views_.setup->settings().data;
  input.samples = count;
  input.seed = views_.setup->settings().seed;
  return startInference(input);
}

bool RunController::startInferenceOnFiles(const QStringList& files) {
  InferenceInput input;
  input.files = files;
  return startInference(input);
}

bool RunController::startInferenceOnFolder(const QString& folder) {
  InferenceInput input;
  input.folder = folder;
  return startInference(input);
}

void RunController::showRun(const std::shared_ptr<StudioRun>& run) {
  if (run->histograms)
    views_.histograms->setHistograms(run->histograms);
  else
    views_.histograms->clear();  // a sweep's run: only its summary is read (File → Open Run reads all of it)
  if (run->sensitivity)
    views_.sensitivity->setReport(run->sensitivity);
  else
    views_.sensitivity->clear();
  if (run->inference)
    views_.inference->setComparison(run->inference);
  else
    views_.inference->clear();
}
