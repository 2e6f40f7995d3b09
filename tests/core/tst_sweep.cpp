// Sweeps: a sweep file expands to a fixed, seed-outermost list of runs with stable ids, and every mistake in
// it is one error naming the file; option sets are checked against what each method reads; the local runner
// runs N at a time, keeps failures without stopping, resumes and cancels (driven here by a stand-in program
// so that the runner's logic is tested in milliseconds; tst_cli_sweep runs real quantizations); the table is
// mean ± sample std over seeds; the Slurm batch script asks for exactly the missing runs.
#include "core/sweep/local_sweep.h"
#include "core/sweep/slurm_sweep.h"
#include "core/sweep/sweep_table.h"
#include "core/util/error.h"

#include <QtTest/QtTest>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

namespace fs = std::filesystem;

namespace {

vq::SweepGrid grid(const std::string& text) { return vq::sweepGridFromJson(nlohmann::json::parse(text), "sweep.json"); }

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

// Stands in for `vitquant quantize` (tests/data/sweep/fake-vitquant.sh): writes run.json with top-1 0.8<seed>,
// fails for percentile at seed 1, sleeps $SLEEP seconds first.
std::string standIn(const fs::path& dir) {
  const auto path = dir / "fake-vitquant";
  fs::copy_file(VQ_TEST_DATA "/sweep/fake-vitquant.sh", path);
  fs::permissions(path, fs::perms::owner_all);
  return path.string();
}

const char* kTwoByTwo = R"({"models": ["builtin:deit-fashion"], "methods": ["minmax", "percentile"], "bits": ["W8A8", [4, 4]],
                            "seeds": [0, 1], "calib": 32, "eval_limit": 64})";

}  // namespace

class TestSweep : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void expandsSeedsOutermostWithStableIds() {
    const auto g = grid(R"({"models": ["builtin:deit-fashion", "/data/models/my-vit/"], "methods": ["brecq", "minmax"],
                           "bits": ["W4A4", [3, 3]], "seeds": [0, 7],
                           "option_sets": {"brecq": [[], ["iters=2000", "drop=0.5"]]}})");
    const auto runs = g.expand();
    QCOMPARE(runs.size(), size_t{2 * 2 * (2 + 1) * 2});
    QCOMPARE(runs[0].id, std::string("deit-fashion/brecq-w4a4-seed=0"));
    QCOMPARE(runs[2].id, std::string("deit-fashion/brecq-w4a4-iters=2000-drop=0.5-seed=0"));
    QCOMPARE(runs[6].id, std::string("my-vit/brecq-w4a4-seed=0"));
    // A model spelled so that its tag would be empty or leave runs/ gets a plain one.
    for (const std::string model : {"builtin:", "..", "/"}) {
      const auto id = grid("{\"models\": [\"" + model + "\"], \"methods\": [\"minmax\"], \"bits\": [\"W4A4\"]}").expand()[0].id;
      QVERIFY2(id.rfind("model/", 0) == 0, id.c_str());
    }
    QCOMPARE(runs[12].seed, uint64_t{7});  // every run of seed 0 comes first
    for (size_t i = 0; i < runs.size(); ++i) QCOMPARE(runs[i].index, static_cast<int>(i));
    const auto args = vq::quantizeArguments(g, runs[2], "OUT/x", 3);
    const std::vector<std::string> tail = {"--set", "iters=2000", "--set", "drop=0.5", "--threads", "3", "--json", "--save-run", "OUT/x",
                                           "--sensitivity-images", "0"};
    QVERIFY(std::equal(tail.begin(), tail.end(), args.end() - tail.size()));
    // The identity of a sweep ignores how it is run.
    auto other = g;
    other.threads = 16, other.slurm.partition = "big";
    QCOMPARE(other.runsJson(), g.runsJson());
    QCOMPARE(vq::sweepGridFromJson(g.toJson(), "again").runsJson(), g.runsJson());
  }

  void badFilesGiveOneError_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("not an object") << "[1]" << "is not a sweep file";
    QTest::newRow("unknown key") << R"({"models": ["m"], "methods": ["brecq"], "bits": ["W4A4"], "sedes": [1]})" << "unknown key \"sedes\"";
    QTest::newRow("unknown slurm key") << R"({"models": ["m"], "methods": ["brecq"], "bits": ["W4A4"], "slurm": {"gpus": 1}})" << "slurm.gpus";
    QTest::newRow("unknown method") << R"({"models": ["m"], "methods": ["brecq", "gptq"], "bits": ["W4A4"]})" << "unknown method 'gptq'";
    QTest::newRow("no models") << R"({"models": [], "methods": ["brecq"], "bits": ["W4A4"]})" << "\"models\" must be a non-empty list";
    QTest::newRow("bad bits") << R"({"models": ["m"], "methods": ["brecq"], "bits": ["W9A4"]})" << "\"bits\" entry";
    QTest::newRow("bits pair") << R"({"models": ["m"], "methods": ["brecq"], "bits": [[4]]})" << "\"bits\" entry";
    QTest::newRow("negative seed") << R"({"models": ["m"], "methods": ["brecq"], "bits": ["W4A4"], "seeds": [-1]})" << "non-negative";
    QTest::newRow("set without =") << R"({"models": ["m"], "methods": ["brecq"], "bits": ["W4A4"], "option_sets": [["iters"]]})" << "iters";
    QTest::newRow("set not a list") << R"({"models": ["m"], "methods": ["brecq"], "bits": ["W4A4"], "option_sets": ["iters=5"]})"
                                    << "list of \"KEY=VALUE\"";
    QTest::newRow("sets for an unlisted method") << R"({"models": ["m"], "methods": ["brecq"], "bits": ["W4A4"], "option_sets": {"isvit": [[]]}})"
                                                 << "names method 'isvit'";
    QTest::newRow("a run twice") << R"({"models": ["m"], "methods": ["brecq"], "bits": ["W4A4", [4, 4]]})" << "appears twice";
    QTest::newRow("bits overflow") << R"({"models": ["m"], "methods": ["brecq"], "bits": ["W99999999999A4"]})" << "\"bits\" entry";
    QTest::newRow("bits pair overflow") << R"({"models": ["m"], "methods": ["brecq"], "bits": [[4294967300, 4]]})" << "\"bits\" entry";
    QTest::newRow("partition with a newline") << R"({"models": ["m"], "methods": ["brecq"], "bits": ["W4A4"], "slurm": {"partition": "a\nexec rm"}})"
                                              << "\"slurm.partition\" must be a plain Slurm value";
    QTest::newRow("cpus beyond --threads") << R"({"models": ["m"], "methods": ["brecq"], "bits": ["W4A4"], "slurm": {"cpus_per_task": 512}})"
                                           << "cpus_per_task";
    QString seeds;
    for (int i = 0; i <= 100000; ++i) seeds += (i ? "," : "") + QString::number(i);
    QTest::newRow("too many runs") << R"({"models": ["m"], "methods": ["brecq"], "bits": ["W4A4"], "seeds": [)" + seeds + "]}"
                                   << "expands to more than 100000 runs";
    QTest::newRow("calib zero") << R"({"models": ["m"], "methods": ["brecq"], "bits": ["W4A4"], "calib": 0})" << "\"calib\"";
  }
  void badFilesGiveOneError() {
    QFETCH(QString, text);
    QFETCH(QString, mentions);
    try {
      grid(text.toStdString());
      QFAIL("accepted");
    } catch (const vq::Error& e) {
      QCOMPARE(e.exitCode(), 1);
      const QString message = e.what();
      QVERIFY2(message.startsWith("sweep.json: ") && message.contains(mentions), e.what());
    }
  }

  void optionSetsAreCheckedAgainstTheMethods() {
    vq::checkSweepOptions(grid(R"({"models": ["builtin:deit-fashion"], "methods": ["brecq", "minmax"], "bits": ["W4A4"],
                                   "option_sets": {"brecq": [["iters=20"]]}})"), "sweep.json");
    const auto refused = [](const std::string& text, const QString& mentions) {
      try {
        vq::checkSweepOptions(grid(text), "sweep.json");
        QFAIL("accepted");
      } catch (const vq::Error& e) {
        QVERIFY2(QString(e.what()).startsWith("sweep.json: ") && QString(e.what()).contains(mentions), e.what());
      }
    };
    // minmax reads no iters: an option set for every method must suit every method.
    refused(R"({"models": ["builtin:deit-fashion"], "methods": ["brecq", "minmax"], "bits": ["W4A4"], "option_sets": [["iters=20"]]})",
            "minmax W4A4 on builtin:deit-fashion: method 'minmax' has no option 'iters'");
    refused(R"({"models": ["builtin:deit-fashion"], "methods": ["brecq"], "bits": ["W4A4"], "option_sets": [["iters=-3"]]})", "iters");
    refused(R"({"models": ["builtin:no-such-model"], "methods": ["brecq"], "bits": ["W4A4"]})", "no-such-model");
  }

  void tableIsMeanAndSampleStdOverSeeds() {
    QTemporaryDir tmp;
    const std::string dir = tmp.filePath("sweep").toStdString();
    const auto g = grid(R"({"models": ["builtin:deit-fashion"], "methods": ["brecq"], "bits": ["W4A4", "W3A3"], "seeds": [0, 1, 2],
                           "option_sets": [[], ["iters=2000"]]})");
    vq::prepareSweepFolder(dir, g);
    const double top1[] = {0.80, 0.82, 0.87};
    for (const auto& r : g.expand())
      if (r.wbits == 4 && r.sets.empty())
        write(fs::path(vq::runFolderOf(dir, r)) / "run.json", nlohmann::json{{"top1", top1[r.seed]}, {"fp_top1", 0.9}}.dump());
    const auto t = vq::sweepTable(dir, g);
    QCOMPARE(t.finished, 3);
    QCOMPARE(t.total, 12);
    const auto& cell = t.models[0].rows[0].cells[0];
    QCOMPARE(cell.top1.size(), size_t{3});
    QVERIFY(std::abs(cell.mean() - 0.83) < 1e-12);
    QVERIFY(std::abs(cell.stddev() - std::sqrt((0.03 * 0.03 + 0.01 * 0.01 + 0.04 * 0.04) / 2)) < 1e-12);
    QVERIFY(t.models[0].rows[0].cells[1].top1.empty());
    QCOMPARE(t.models[0].rows[1].label(), std::string("brecq, iters=2000"));
    const auto md = QString::fromStdString(vq::toMarkdown(t));
    QVERIFY2(md.contains("| brecq | 0.8300 ± 0.0361 (3) | — |"), qPrintable(md));
    QVERIFY2(md.contains("3 of 12 runs finished"), qPrintable(md));
    QVERIFY(QString::fromStdString(vq::toCsv(t)).contains("builtin:deit-fashion,brecq,,W4A4,3,0.830000,0.036056,0.900000"));
    QCOMPARE(vq::toJson(t)["models"][0]["rows"][0]["cells"]["W4A4"]["n"].get<int>(), 3);

    // A damaged summary is named.
    write(fs::path(vq::runFolderOf(dir, g.expand()[1])) / "run.json", R"({"top1": "high"})");
    try {
      vq::sweepTable(dir, g);
      QFAIL("accepted");
    } catch (const vq::Error& e) {
      QVERIFY2(QString(e.what()).contains("run.json: has no number \"top1\""), e.what());
    }
  }

  void aFolderHoldsOneSweep() {
    QTemporaryDir tmp;
    const std::string dir = tmp.filePath("s").toStdString();
    vq::prepareSweepFolder(dir, grid(kTwoByTwo));
    vq::prepareSweepFolder(dir, grid(kTwoByTwo));  // the same grid: resumed
    QVERIFY_THROWS_EXCEPTION(vq::Error, vq::prepareSweepFolder(dir, grid(R"({"models": ["m"], "methods": ["brecq"], "bits": ["W4A4"]})")));
    QVERIFY_THROWS_EXCEPTION(vq::Error, vq::openSweepFolder(tmp.path().toStdString()));  // no sweep.json
    write(fs::path(tmp.path().toStdString()) / "other" / "file", "x");
    QVERIFY_THROWS_EXCEPTION(vq::Error, vq::prepareSweepFolder(tmp.filePath("other").toStdString(), grid(kTwoByTwo)));
  }

  void localRunnerKeepsGoingAndResumes() {
    QTemporaryDir tmp;
    const std::string dir = tmp.filePath("s").toStdString();
    const auto g = grid(kTwoByTwo);
    vq::prepareSweepFolder(dir, g);
    const vq::LocalSweepOptions options{standIn(tmp.path().toStdString()), 2, 2};
    int started = 0, maxRunning = 0;
    std::vector<std::string> failed;
    const auto counts = vq::runLocalSweep(
        dir, g, options,
        [&](const vq::SweepEvent& e, const vq::SweepProgress& p) {
          started += e.kind == vq::SweepEvent::Kind::Started;
          maxRunning = std::max(maxRunning, p.counts.running);
          if (e.kind == vq::SweepEvent::Kind::Failed) failed.push_back(e.run->id + " " + e.message);
        },
        {});
    QCOMPARE(started, 8);
    QCOMPARE(maxRunning, 2);
    QCOMPARE(counts.done, 6);
    QCOMPARE(counts.failed, 2);  // percentile at seed 1, both bit pairs; the others went on
    QCOMPARE(failed.size(), size_t{2});
    QVERIFY2(QString::fromStdString(failed[0]).contains("exit status 1: error: pretend failure"), failed[0].c_str());
    const auto t = vq::sweepTable(dir, g);
    QCOMPARE(t.models[0].rows[0].cells[0].top1, (std::vector<double>{0.80, 0.81}));
    QCOMPARE(t.models[0].rows[1].cells[0].top1, (std::vector<double>{0.80}));

    // Again: only the failed runs are started.
    started = 0;
    const auto again = vq::runLocalSweep(dir, g, options, [&](const vq::SweepEvent& e, const vq::SweepProgress&) {
      started += e.kind == vq::SweepEvent::Kind::Started;
    }, {});
    QCOMPARE(started, 2);
    QCOMPARE(again.done, 6);
  }

  void oneRunnerPerFolder() {
    QTemporaryDir tmp;
    const std::string dir = tmp.filePath("s").toStdString();
    const auto g = grid(kTwoByTwo);
    vq::prepareSweepFolder(dir, g);
    const vq::LocalSweepOptions options{standIn(tmp.path().toStdString()), 2, 2};
    // A live runner holds runner.pid locked (here this test, as if it were runner 4242): refused, naming it.
    const auto pidFile = fs::path(dir) / "runner.pid";
    write(pidFile, "4242\n");
    const int held = ::open(pidFile.c_str(), O_RDONLY);
    QVERIFY(held >= 0 && ::flock(held, LOCK_EX) == 0);
    QCOMPARE(vq::runningLocalSweep(dir), 4242);
    try {
      vq::runLocalSweep(dir, g, options, {}, {});
      QFAIL("ran beside another runner");
    } catch (const vq::Error& e) {
      QVERIFY2(QString(e.what()).contains("a sweep is already running here (pid 4242)"), e.what());
    }
    // A runner that died leaves its file behind, unlocked: taken over.
    ::close(held);
    QCOMPARE(vq::runningLocalSweep(dir), 0);
    QCOMPARE(vq::runLocalSweep(dir, g, options, {}, {}).done, 6);
    QVERIFY(!fs::exists(fs::path(dir) / "runner.pid"));
  }

  void cancellingStopsEveryRunAndLeavesNoPartialRun_data() {
    QTest::addColumn<bool>("byRequestFile");
    QTest::newRow("Ctrl-C (the token)") << false;
    QTest::newRow("sweep cancel (the request file)") << true;
  }
  void cancellingStopsEveryRunAndLeavesNoPartialRun() {
    QFETCH(bool, byRequestFile);
    QTemporaryDir tmp;
    const std::string dir = tmp.filePath("s").toStdString();
    const auto g = grid(kTwoByTwo);
    vq::prepareSweepFolder(dir, g);
    qputenv("SLEEP", "30");
    const vq::LocalSweepOptions options{standIn(tmp.path().toStdString()), 2, 2};
    vq::CancelToken cancel;
    std::atomic<int> started{0};
    QElapsedTimer timer;
    timer.start();
    bool lockedWhileRunning = false;
    std::thread canceller([&] {
      while (started < 2) std::this_thread::sleep_for(std::chrono::milliseconds(20));
      lockedWhileRunning = vq::runningLocalSweep(dir) == ::getpid();
      if (byRequestFile)
        vq::requestSweepCancel(dir);
      else
        cancel.cancel();
    });
    bool cancelled = false;
    try {
      vq::runLocalSweep(dir, g, options, [&](const vq::SweepEvent& e, const vq::SweepProgress&) { started += e.kind == vq::SweepEvent::Kind::Started; },
                        cancel);
    } catch (const vq::Cancelled&) {
      cancelled = true;
    }
    canceller.join();
    qunsetenv("SLEEP");
    QVERIFY(cancelled);
    QVERIFY(lockedWhileRunning);
    QVERIFY(timer.elapsed() < 20000);  // the sleeping children were interrupted, not waited for
    QCOMPARE(vq::countRuns(dir, g.expand()).pending, 8);  // neither done nor failed
    QCOMPARE(vq::runningLocalSweep(dir), 0);
    QVERIFY(!fs::exists(fs::path(dir) / "runner.pid"));
    QVERIFY(!fs::exists(fs::path(dir) / "cancel-requested"));  // consumed: the next attempt runs
  }

  void slurmScriptAsksForTheMissingRuns() {
    vq::SlurmSweepOptions o;
    o.program = "/opt/it's here/vitquant";
    o.settings = {"short", "00:30:00", "4G", 3};
    const auto s = QString::fromStdString(vq::slurmBatchScript("/shared/sweep", {0, 1, 2, 5, 7, 8}, o));
    for (const auto* line : {"#SBATCH --array=0-2,5,7-8\n", "#SBATCH --cpus-per-task=3\n", "#SBATCH --partition=short\n", "#SBATCH --time=00:30:00\n",
                             "#SBATCH --mem=4G\n", "#SBATCH --output=/shared/sweep/logs/slurm-%A_%a.out\n",
                             "exec '/opt/it'\\''s here/vitquant' sweep run-one '/shared/sweep' \"$SLURM_ARRAY_TASK_ID\" --threads 3\n"})
      QVERIFY2(s.contains(line), qPrintable(s));
    o.settings = {};
    QVERIFY(!QString::fromStdString(vq::slurmBatchScript("/s", {4}, o)).contains("--partition"));
  }
};

QTEST_GUILESS_MAIN(TestSweep)
#include "tst_sweep.moc"
