// Sweeps in the studio: the Sweep tab draws one line per method and option set with an error bar wherever a
// cell has two or more seeds, per model, and exports; File → Open Sweep puts the finished runs in the runs
// table and the chart in the tab; Run Sweep runs a real four-run sweep with its progress in the job bar.
#include "app/studio/MainWindow.h"
#include "app/studio/SweepController.h"
#include "core/run/run_summary.h"
#include "core/sweep/sweep_folder.h"
#include "widgets/ChartExport.h"
#include "widgets/CustomPlot.h"
#include "widgets/JobBar.h"
#include "widgets/RunsView.h"
#include "widgets/SweepView.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>

namespace {

vq::SweepTable someTable() {
  vq::SweepTable t;
  t.total = 12, t.finished = 7;
  vq::SweepModelTable deit{"builtin:deit-fashion", {"W4A4", "W3A3"}, {}, {}};
  deit.fp.top1 = {0.90};
  deit.rows.push_back({"brecq", {}, {vq::SweepCell{{0.88, 0.89, 0.885}}, vq::SweepCell{{0.85}}}});
  deit.rows.push_back({"isvit", {"iters=2000"}, {vq::SweepCell{{0.89, 0.891}}, vq::SweepCell{}}});
  vq::SweepModelTable swin{"builtin:swin-fashion", {"W4A4", "W3A3"}, {}, {}};
  swin.rows.push_back({"brecq", {}, {vq::SweepCell{{0.90}}, vq::SweepCell{}}});
  t.models = {deit, swin};
  return t;
}

}  // namespace

class TestStudioSweeps : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void sweepTabDrawsMeansWithErrorBars() {
    SweepView view;
    view.resize(700, 500);
    QVERIFY(!view.hasData());
    view.setTable(std::make_shared<const vq::SweepTable>(someTable()), "/runs/s");
    QCOMPARE(view.seriesCount(), 2);
    QCOMPARE(view.errorBarCount(), 2);  // brecq W4A4 (3 seeds) and isvit W4A4 (2); single seeds get none
    const auto* bars = qobject_cast<QCPErrorBars*>(view.plot()->plottable(2));
    QVERIFY(bars);
    QCOMPARE(bars->dataCount(), 2);
    QVERIFY(std::abs(bars->data()->at(0).errorPlus - 0.005) < 1e-12);  // sample std of 0.88, 0.89, 0.885
    const auto* isvit = view.plot()->graph(2);
    QCOMPARE(isvit->name(), QString("isvit, iters=2000"));
    QCOMPARE(isvit->dataCount(), 1);  // its W3A3 cell has no finished seed
    view.selectModel(1);
    QCOMPARE(view.seriesCount(), 1);
    QCOMPARE(view.errorBarCount(), 0);
    QTemporaryDir tmp;
    const QString png = tmp.filePath("sweep.png");
    QCOMPARE(chart::exportChart(view.plot(), png), QString());
    QVERIFY(QFileInfo(png).size() > 1000);
    view.clear();
    QCOMPARE(view.seriesCount(), 0);
  }

  void openSweepFillsTheRunsTableAndTheTab() {
    QTemporaryDir tmp;
    const std::string dir = tmp.filePath("sweep").toStdString();
    const auto grid = vq::sweepGridFromJson(nlohmann::json::parse(R"({"models": ["builtin:deit-fashion"], "methods": ["minmax", "brecq"],
                                                                      "bits": ["W4A4"], "seeds": [0, 1]})"),
                                            "sweep.json");
    vq::prepareSweepFolder(dir, grid);
    int written = 0;
    for (const auto& r : grid.expand()) {
      if (r.method == "brecq" && r.seed == 1) continue;  // not finished
      const auto folder = std::filesystem::path(vq::runFolderOf(dir, r));
      std::filesystem::create_directories(folder);
      vq::RunSummary summary;  // what `quantize --save-run` writes, with made-up numbers
      summary.model = r.model;
      summary.method = r.method;
      summary.wbits = summary.abits = 4;
      summary.seed = static_cast<uint64_t>(r.seed);
      summary.accuracy = vq::RunAccuracy{100, 0.9, 1.0, 0.8 + 0.01 * ++written, 0.99};
      summary.seconds = 1.0;
      if (r.method == "brecq") summary.report = vq::BrecqReport{};  // a report of no units
      std::ofstream(folder / "run.json") << vq::toJson(summary).dump();
    }
    MainWindow window;
    QSignalSpy finished(&window, &MainWindow::jobFinished);
    QVERIFY(window.sweeps()->openSweep(tmp.filePath("sweep")));
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.last().at(1).value<JobOutcome>(), JobOutcome::Succeeded);
    QCOMPARE(window.runsView()->runCount(), 3);
    QVERIFY(window.sweepView()->hasData());
    QCOMPARE(window.sweepView()->seriesCount(), 2);
    QCOMPARE(window.sweepView()->errorBarCount(), 1);  // minmax with seeds 0 and 1
    QCOMPARE(window.tabs()->currentWidget(), window.sweepView());
    // Not a sweep: one line in the job's outcome, nothing added.
    QVERIFY(window.sweeps()->openSweep(tmp.path()));
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.last().at(1).value<JobOutcome>(), JobOutcome::Failed);
    QVERIFY2(finished.last().at(2).toString().contains("is not a sweep folder"), qPrintable(finished.last().at(2).toString()));
    QCOMPARE(window.runsView()->runCount(), 3);
  }

  void runSweepShowsProgressAndOpensTheResult() {
    qputenv("VQ_VITQUANT", VQ_CLI);
    QTemporaryDir tmp;
    const QString grid = tmp.filePath("four.json");
    QFile f(grid);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"models": ["builtin:deit-fashion"], "methods": ["minmax", "percentile"], "bits": ["W8A8"], "seeds": [0, 1],
                "calib": 32, "eval_limit": 100})");
    f.close();
    MainWindow window;
    QSignalSpy finished(&window, &MainWindow::jobFinished);
    QStringList phases;  // what the job bar says while the sweep runs
    QTimer watch;
    connect(&watch, &QTimer::timeout, this, [&] {
      if (window.jobBar()->isRunning()) phases << window.jobBar()->phaseText();
    });
    watch.start(50);
    QVERIFY(window.sweeps()->runSweep(grid, tmp.filePath("four-sweep"), 2));
    while (finished.count() < 2 && finished.wait(600000)) {
    }
    QCOMPARE(finished.count(), 2);  // the sweep, then opening it
    QVERIFY2(!phases.filter(QRegularExpression("sweep: [0-3]/4 done, [12] running")).isEmpty(), qPrintable(phases.join('\n')));
    QCOMPARE(finished.at(0).at(1).value<JobOutcome>(), JobOutcome::Succeeded);
    QCOMPARE(finished.at(1).at(1).value<JobOutcome>(), JobOutcome::Succeeded);
    QCOMPARE(window.runsView()->runCount(), 4);
    QCOMPARE(window.sweepView()->errorBarCount(), 2);
  }
};

QTEST_MAIN(TestStudioSweeps)
#include "tst_studio_sweeps.moc"
