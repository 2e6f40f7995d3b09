// Runs in the studio window: a run fills the runs table and the views without ever blocking the event loop
// for more than 100 ms, is saved as a run folder that reopens, and exports as a PDF report; Cancel ends a
// run within a second and keeps nothing of it (no run, no folder).
#include "app/studio/AnalysisController.h"
#include "app/studio/ExportController.h"
#include "app/studio/MainWindow.h"
#include "app/studio/RunController.h"
#include "app/studio/StudioSession.h"
#include "core/analysis/attention_entropy.h"
#include "core/analysis/quantizer_fit.h"
#include "core/run/run_summary.h"
#include "tests/time_budget.h"
#include "widgets/EntropyView.h"
#include "widgets/GuidePanel.h"
#include "widgets/HistogramsView.h"
#include "widgets/JobBar.h"
#include "widgets/LandscapeView.h"
#include "widgets/OscillationView.h"
#include "widgets/QuantizerFitView.h"
#include "widgets/RunSetupPanel.h"
#include "widgets/RunsView.h"
#include "widgets/SensitivityView.h"

#include <QSignalSpy>
#include <QtTest/QtTest>

namespace {

// Records the longest gap between ticks of a 10 ms timer: how long the event loop was kept from running.
class LoopWatch : public QObject {
public:
  LoopWatch() {
    clock_.start();
    timer_.setInterval(10);
    QObject::connect(&timer_, &QTimer::timeout, this, [this] {
      longest_ = std::max(longest_, clock_.restart());
    });
    timer_.start();
  }
  qint64 longestGapMs() const { return longest_; }

private:
  QTimer timer_;
  QElapsedTimer clock_;
  qint64 longest_ = 0;
};

RunSettings quickRun(const QString& method) {
  RunSettings s;
  s.model = "builtin:deit-fashion";
  s.data = "fashion-mnist";
  s.method = method;
  s.wbits = s.abits = 4;
  s.calib = 32;
  s.evalLimit = 200;
  s.analyseSensitivity = true;
  return s;
}

void loadDeit(MainWindow& window) {
  QSignalSpy loaded(&window, &MainWindow::modelLoaded);
  window.openModel("builtin:deit-fashion");
  QVERIFY(loaded.wait(60000));
}

}  // namespace

class TestStudioRuns : public QObject {
  Q_OBJECT
  QTemporaryDir runs_;

  QStringList savedRuns() const { return QDir(runs_.path()).entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden); }

private Q_SLOTS:
  void initTestCase() {
    QCoreApplication::setOrganizationName("ViTQuantTest");
    QStandardPaths::setTestModeEnabled(true);
    QSettings().setValue("paths/runs", runs_.path());
  }

  void runFillsViewsWithoutBlocking() {
    MainWindow window;
    window.show();
    loadDeit(window);
    QSignalSpy finished(&window, &MainWindow::jobFinished);
    LoopWatch watch;
    window.setupPanel()->applySettings(quickRun("percentile"));
    QVERIFY(window.runs()->startRun());
    QVERIFY(!window.runs()->startRun());  // one job at a time
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 600000);  // the run, then its sensitivity analysis
    for (const auto& f : finished) QCOMPARE(f.at(1).value<JobOutcome>(), JobOutcome::Succeeded);
    qInfo("longest event-loop gap during the run: %lld ms", watch.longestGapMs());
    QVERIFY2(watch.longestGapMs() <= timeBudgetMs(100), qPrintable(QString("event loop blocked for %1 ms").arg(watch.longestGapMs())));
    QCOMPARE(window.session()->runCount(), 1);
    QCOMPARE(window.runsView()->runCount(), 1);
    QCOMPARE(window.runsView()->summary(0)->method, std::string("percentile"));
    QVERIFY(window.histogramsView()->siteCount() > 40);
    QVERIFY(window.sensitivityView()->rowCount() > 40);

    // Saved as a run folder, sensitivity included; it reopens as a second run with the same numbers.
    QCOMPARE(savedRuns().size(), 1);
    const QString folder = runs_.filePath(savedRuns().first());
    for (const auto* f : {"run.json", "histograms.json", "sensitivity.json", "model/quant.json"}) QVERIFY2(QFile::exists(folder + "/" + f), f);
    QVERIFY(window.runs()->openRun(folder));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 3, 120000);
    QCOMPARE(finished.last().at(1).value<JobOutcome>(), JobOutcome::Succeeded);
    QCOMPARE(window.session()->runCount(), 2);
    QCOMPARE(window.runsView()->summary(1)->accuracy.value().top1, window.runsView()->summary(0)->accuracy.value().top1);
    QVERIFY(window.sensitivityView()->rowCount() > 40);

    // The report of the current run, every run in its table.
    QTemporaryDir out;
    const QString pdf = out.filePath("report.pdf");
    QCOMPARE(window.exports()->exportReport(pdf), QString());
    QFile f(pdf);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(f.readAll().startsWith("%PDF-"));
    QVERIFY(!window.exports()->exportReport(out.filePath("report.txt")).isEmpty());

    // File → Export ONNX: the run's saved model as ONNX; an output that cannot be written is a failed job
    // naming it, and leaves nothing behind.
    const QString onnx = out.filePath("run.onnx");
    QVERIFY(window.exports()->startOnnxExport(onnx));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 4, 120000);
    QCOMPARE(finished.last().at(1).value<JobOutcome>(), JobOutcome::Succeeded);
    QFile model(onnx);
    QVERIFY(model.open(QIODevice::ReadOnly));
    QVERIFY(model.readAll().contains("QuantizeLinear"));
    window.hide();  // a shown window reports failures in a modal message box, which would wait for a click
    QVERIFY(window.exports()->startOnnxExport(out.filePath("no-such-folder/run.onnx")));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 5, 120000);
    QCOMPARE(finished.last().at(1).value<JobOutcome>(), JobOutcome::Failed);
    QVERIFY2(finished.last().at(2).toString().contains("no-such-folder"), qPrintable(finished.last().at(2).toString()));
    QVERIFY(!QFileInfo::exists(out.filePath("no-such-folder")));
  }

  // The method views ask the window for their jobs; results land in the views and the report, bad requests
  // end as a failed job with the reason, and a sweep cancels.
  void methodViewsRunTheirJobs() {
    MainWindow window;
    window.show();
    loadDeit(window);
    QSignalSpy finished(&window, &MainWindow::jobFinished);
    const auto succeeded = [&](int count) {
      QTRY_COMPARE_WITH_TIMEOUT(finished.count(), count, 300000);
      QCOMPARE(finished.last().at(1).value<JobOutcome>(), JobOutcome::Succeeded);
    };

    window.analyses()->setGuidedMode(true);
    QVERIFY(window.analyses()->guidedMode());
    QVERIFY(window.oscillationView()->guide()->isVisibleTo(window.oscillationView()));
    window.analyses()->setGuidedMode(false);
    QVERIFY(!window.entropyView()->guide()->isVisibleTo(window.entropyView()));

    QVERIFY(window.analyses()->startFit("blocks.2.attn.softmax.output"));
    succeeded(1);
    QCOMPARE(QString::fromStdString(window.fitView()->fit()->site), QString("blocks.2.attn.softmax.output"));
    QVERIFY(window.analyses()->startLandscape({0, 4, false, false}));
    succeeded(2);
    QVERIFY(window.landscapeView()->hasCurves());

    auto settings = quickRun("modcap");
    settings.calib = 16;
    settings.evalLimit = 100;
    settings.analyseSensitivity = false;
    settings.options = {{"iters", "10"}};
    window.setupPanel()->applySettings(settings);
    QVERIFY(window.runs()->startRun());
    succeeded(3);
    QVERIFY(window.oscillationView()->hasData());
    QVERIFY(window.oscillationView()->unitCount() > 5);

    EntropyRequest request;
    request.images = 16;
    request.sample = 3;
    QVERIFY(window.analyses()->startEntropy(request));
    succeeded(4);
    QVERIFY(window.entropyView()->study());
    QVERIFY(QString::fromStdString(window.entropyView()->study()->imageName).endsWith("fashion-mnist:test #3"));

    request.sample = 10000;  // one past the test split
    window.hide();           // a shown window reports failures in a modal message box, which would wait for a click
    QVERIFY(window.analyses()->startEntropy(request));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 5, 120000);
    QCOMPARE(finished.last().at(1).value<JobOutcome>(), JobOutcome::Failed);
    QVERIFY(finished.last().at(2).toString().contains("outside fashion-mnist"));
    QVERIFY(window.entropyView()->study());  // the last good study stays

    QVERIFY(window.analyses()->startLandscape({1, 4, true, false}));
    QTest::qWait(1500);
    window.cancelJob();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 6, 5000);
    QCOMPARE(finished.last().at(1).value<JobOutcome>(), JobOutcome::Cancelled);
    QVERIFY(!window.landscapeView()->hasSurface());

    QTemporaryDir out;
    const QString html = out.filePath("report.html");
    QCOMPARE(window.exports()->exportReport(html), QString());
    QFile f(html);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(f.readAll());
    for (const char* title : {"Quantizer fit of blocks.2", "Loss landscape", "Oscillation: capacities", "Class-token attention"})
      QVERIFY2(text.contains(title), title);
  }

  void cancelStopsARunWithinASecond() {
    MainWindow window;
    window.show();
    loadDeit(window);
    QSignalSpy finished(&window, &MainWindow::jobFinished);
    auto settings = quickRun("brecq");
    settings.options = {{"iters", "5000"}};  // far longer than the test waits
    window.setupPanel()->applySettings(settings);
    const auto before = savedRuns();
    QVERIFY(window.runs()->startRun());
    QTest::qWait(3000);
    QVERIFY(window.isBusy());
    QElapsedTimer clock;
    clock.start();
    window.cancelJob();
    QVERIFY(finished.wait(5000));
    qInfo("cancel took %lld ms", clock.elapsed());
    QVERIFY2(clock.elapsed() <= timeBudgetMs(1000), qPrintable(QString("cancel took %1 ms").arg(clock.elapsed())));
    QCOMPARE(finished.first().at(1).value<JobOutcome>(), JobOutcome::Cancelled);
    QCOMPARE(window.session()->runCount(), 0);
    QCOMPARE(window.runsView()->runCount(), 0);
    QCOMPARE(savedRuns(), before);  // nothing of it, not even a .part folder
    QVERIFY(!window.jobBar()->isRunning());
  }
};

QTEST_MAIN(TestStudioRuns)
#include "tst_studio_runs.moc"
