// `vitquant sweep` as a user runs it: plan a grid, run it locally with two jobs, tabulate mean ± std over
// seeds, run it again (nothing is redone), cancel a running sweep (nothing half-written, the same command
// resumes), and one `error:` line for each broken input. The Slurm backend against a real single-node
// cluster is in tst_cli_sweep_slurm.
#include "cli_runner.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest/QtTest>

class TestCliSweep : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  QString grid_;

  QString writeFile(const QString& name, const QByteArray& text) { return writeTestFile(tmp_.filePath(name), text); }

  static double top1Of(const QString& runFolder) {
    QFile f(runFolder + "/run.json");
    if (!f.open(QIODevice::ReadOnly)) return -1;
    return QJsonDocument::fromJson(f.readAll()).object()["top1"].toDouble(-1);
  }

private Q_SLOTS:
  void initTestCase() {
    // Four real runs of a few seconds each: two fast methods, W8A8, seeds 0 and 1, small calibration and evaluation.
    grid_ = writeFile("sweep.json", R"({"models": ["builtin:deit-fashion"], "methods": ["minmax", "percentile"], "bits": ["W8A8"],
                                        "seeds": [0, 1], "calib": 32, "eval_limit": 100, "threads": 2})");
  }

  void planListsEveryRun() {
    const auto r = runCli({"sweep", "plan", "--grid", grid_});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("deit-fashion/percentile-w8a8-seed=1") && r.out.contains("4 runs"), qPrintable(r.out));
    QVERIFY(r.out.contains("vitquant quantize --model builtin:deit-fashion --method minmax --wbits 8 --abits 8 --seed 0"));
    const auto j = runCli({"sweep", "plan", "--grid", grid_, "--json"});
    const auto runs = QJsonDocument::fromJson(j.out.toUtf8()).object()["runs"].toArray();
    QCOMPARE(runs.size(), 4);
    QCOMPARE(runs[3].toObject()["id"].toString(), QString("deit-fashion/percentile-w8a8-seed=1"));
  }

  void runsTabulatesAndResumes() {
    const QString out = tmp_.filePath("local");
    const auto r = runCli({"sweep", "run", "--grid", grid_, "--out", out, "--jobs", "2"}, 900000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("started deit-fashion/minmax-w8a8-seed=0") && r.err.contains("[4/4 done, 0 running, 0 failed"), qPrintable(r.err));
    QVERIFY2(r.out.contains("4 of 4 runs done"), qPrintable(r.out));
    const double a = top1Of(out + "/runs/deit-fashion/percentile-w8a8-seed=0"), b = top1Of(out + "/runs/deit-fashion/percentile-w8a8-seed=1");
    QVERIFY(a > 0.5 && b > 0.5);
    QVERIFY(QDir(out + "/runs/deit-fashion").entryList({"*.part"}, QDir::Dirs).isEmpty());

    const auto t = runCli({"sweep", "table", out, "--json"});
    QVERIFY2(t.exitCode == 0, qPrintable(t.err));
    const auto model = QJsonDocument::fromJson(t.out.toUtf8()).object()["models"].toArray()[0].toObject();
    const auto cell = model["rows"].toArray()[1].toObject()["cells"].toObject()["W8A8"].toObject();
    QCOMPARE(cell["n"].toInt(), 2);
    QVERIFY(std::abs(cell["mean"].toDouble() - (a + b) / 2) < 1e-9);
    QVERIFY(std::abs(cell["std"].toDouble() - std::abs(a - b) / std::sqrt(2.0)) < 1e-9);
    QVERIFY(model["fp_top1"].toDouble() > 0.5);
    const auto md = runCli({"sweep", "table", out});
    QVERIFY2(md.out.contains("| method | W8A8 |") && md.out.contains("| percentile | ") && md.out.contains("(2) |"), qPrintable(md.out));
    const auto csv = runCli({"sweep", "table", out, "--csv"});
    QVERIFY2(csv.out.startsWith("model,method,options,bits,n,mean,std,fp_mean\n") && csv.out.count('\n') == 3, qPrintable(csv.out));

    // The same command again finds every run done and starts none.
    QElapsedTimer timer;
    timer.start();
    const auto again = runCli({"sweep", "run", "--grid", grid_, "--out", out, "--json"});
    QVERIFY2(again.exitCode == 0, qPrintable(again.err));
    QCOMPARE(QJsonDocument::fromJson(again.out.toUtf8()).object()["done"].toInt(), 4);
    QVERIFY(!again.err.contains("started"));
    QVERIFY(timer.elapsed() < timeBudgetMs(30000));
  }

  void cancelStopsTheRunnerAndItsRuns() {
    // One long run (brecq at BRECQ's full budget), cancelled once it has started.
    const QString grid = writeFile("long.json", R"({"models": ["builtin:deit-fashion"], "methods": ["brecq"], "bits": ["W4A4"],
                                                    "calib": 64, "eval_limit": 100, "threads": 1})");
    const QString out = tmp_.filePath("cancelled");
    QProcess runner;
    runner.start(VQ_CLI, {"sweep", "run", "--grid", grid, "--out", out});
    QVERIFY(runner.waitForStarted());
    QElapsedTimer timer;
    timer.start();
    while (!QFile::exists(out + "/logs/deit-fashion/brecq-w4a4-seed=0.err") && timer.elapsed() < timeBudgetMs(120000)) QTest::qWait(100);
    QTest::qWait(1000);
    const auto c = runCli({"sweep", "cancel", out});
    QVERIFY2(c.exitCode == 0 && c.out.contains("cancelled the local sweep"), qPrintable(c.err + c.out));
    QVERIFY(runner.waitForFinished(30000));
    QCOMPARE(runner.exitCode(), 1);
    QVERIFY(QString::fromUtf8(runner.readAllStandardError()).trimmed().endsWith("error: cancelled"));
    QVERIFY(!QFile::exists(out + "/runner.pid"));
    QVERIFY(QDir(out + "/runs").entryList(QDir::AllEntries | QDir::NoDotAndDotDot).isEmpty() ||
            QDir(out + "/runs/deit-fashion").entryList(QDir::AllEntries | QDir::NoDotAndDotDot).isEmpty());
    QVERIFY(!QFile::exists(out + "/logs/deit-fashion/brecq-w4a4-seed=0.failed"));  // cancelled is not failed
    const auto t = runCli({"sweep", "table", out, "--json"});
    QCOMPARE(QJsonDocument::fromJson(t.out.toUtf8()).object()["finished"].toInt(), 0);
  }

  void badInputGivesOneLine() {
    const QString unknownMethod = writeFile("bad-method.json", R"({"models": ["builtin:deit-fashion"], "methods": ["gptq"], "bits": ["W4A4"]})");
    verifyCliError({"sweep", "plan", "--grid", unknownMethod}, 1, "bad-method.json: unknown method 'gptq'");
    const QString unknownKey = writeFile("bad-key.json", R"({"models": ["builtin:deit-fashion"], "methods": ["minmax"], "bits": ["W4A4"], "seed": [1]})");
    verifyCliError({"sweep", "run", "--grid", unknownKey, "--out", tmp_.filePath("never")}, 1, "bad-key.json: unknown key \"seed\"");
    QVERIFY(!QFile::exists(tmp_.filePath("never")));
    const QString badOption = writeFile("bad-option.json",
                                        R"({"models": ["builtin:deit-fashion"], "methods": ["minmax"], "bits": ["W4A4"], "option_sets": [["iters=9"]]})");
    verifyCliError({"sweep", "plan", "--grid", badOption}, 1, "method 'minmax' has no option 'iters'");
    verifyCliError({"sweep", "plan", "--grid", tmp_.filePath("missing.json")}, 1, "missing.json");
    const QString notJson = writeFile("not-json.json", "{\"models\": [");
    verifyCliError({"sweep", "plan", "--grid", notJson}, 1, "not-json.json");
    QVERIFY(QDir(tmp_.path()).mkpath("empty"));
    verifyCliError({"sweep", "table", tmp_.filePath("empty")}, 1, "empty: is not a sweep folder (no sweep.json)");
    verifyCliError({"sweep", "cancel", tmp_.filePath("empty")}, 1, "empty: is not a sweep folder (no sweep.json)");
    verifyCliError({"sweep", "table", tmp_.filePath("nowhere")}, 1, "nowhere: is not a sweep folder (no such folder)");
    const QString other = writeFile("other.json", R"({"models": ["builtin:deit-fashion"], "methods": ["minmax"], "bits": ["W6A6"], "calib": 32})");
    if (QFile::exists(tmp_.filePath("local/sweep.json"))) {
      verifyCliError({"sweep", "run", "--grid", other, "--out", tmp_.filePath("local")}, 1, "holds another sweep");
      verifyCliError({"sweep", "cancel", tmp_.filePath("local")}, 1, "no sweep is running here");
    }
    verifyCliError({"sweep", "run", "--grid", other, "--out", tmp_.filePath("x"), "--backend", "pbs"}, 2, "--backend");
    if (QStandardPaths::findExecutable("sbatch").isEmpty())
      verifyCliError({"sweep", "run", "--grid", other, "--out", tmp_.filePath("x"), "--backend", "slurm"}, 2, "sbatch is not installed");
  }
};

QTEST_GUILESS_MAIN(TestCliSweep)
#include "tst_cli_sweep.moc"
