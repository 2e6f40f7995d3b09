// Run summaries: every run stored under docs/ (the results tables' runs and the sweeps') reads through the
// typed path and writes back to exactly its file's JSON, so no key of the format is lost or renamed on the
// way to the widgets; damaged summaries and reports are refused naming the file and the key.
#include "core/io/json_file.h"
#include "core/run/run_summary.h"
#include "core/util/error.h"

#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

#include <filesystem>

namespace fs = std::filesystem;

namespace {

const fs::path kDocs = fs::path(VQ_TEST_DATA) / ".." / ".." / "docs";

// Run summaries are the JSON files that name a method (a sweep folder also keeps its grid, sweep.json).
std::vector<fs::path> storedRuns() {
  std::vector<fs::path> out;
  for (const char* folder : {"runs", "sweeps"})
    for (const auto& entry : fs::recursive_directory_iterator(kDocs / folder))
      if (entry.path().extension() == ".json" && entry.path().filename() != "sweep.json") out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

nlohmann::json modcapRun() {
  const nlohmann::json unit = {{"unit", "blocks.0"}, {"loss_before", 2.0}, {"loss_after", 1.0}, {"seconds", 0.5}, {"loss_curve", {1.5, 1.0}}};
  return {{"model", "builtin:deit-fashion"},
          {"method", "modcap"},
          {"wbits", 3},
          {"abits", 3},
          {"calib", 64},
          {"calib_data", "fashion-mnist:train"},
          {"data", "fashion-mnist:test"},
          {"n", 100},
          {"fp_top1", 0.9},
          {"fp_top5", 1.0},
          {"top1", 0.8},
          {"top5", 0.99},
          {"seed", 2},
          {"threads", 1},
          {"cpu_isa", "avx2"},
          {"float_sites", {"patch_embed.proj.input"}},
          {"options", {{"iters", 500}, {"lr", 4e-5}, {"qdrop", false}, {"capacity", "data-dependent"}}},
          {"report",
           {{"capacity_kind", "data-dependent"},
            {"capacity", {{{"unit", "blocks.0"}, {"capacity", 0.25}}}},
            {"differentials", nlohmann::json::array()},
            {"merged", nlohmann::json::array()},
            {"units", {unit}},
            {"depth", {{"loss", {0.1}}, {"oscillation_index", 0.0}}},
            {"brecq_units", {unit}},
            {"brecq_depth", {{"loss", {0.2}}, {"oscillation_index", 0.0}}}}},
          {"seconds", 12.5}};
}

}  // namespace

class TestRunSummary : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void everyStoredRunRoundTrips() {
    const auto files = storedRuns();
    QVERIFY2(files.size() > 100, qPrintable(QString("only %1 stored runs under %2").arg(files.size()).arg(QString::fromStdString(kDocs.string()))));
    std::set<std::string> methods;
    for (const auto& file : files) {
      const auto original = vq::readJsonFile(file.string(), vq::kMaxRunJsonBytes);
      const auto summary = vq::runSummaryFromJson(original, file.string());
      methods.insert(summary.method);
      // Compared as text: a number written back as another type (5 → 5.0) would fail here.
      QVERIFY2(vq::toJson(summary).dump() == original.dump(), file.c_str());
    }
    // Every method that reports something typed is among them.
    for (const char* m : {"minmax", "percentile", "brecq", "isvit", "modcap", "qhyvit", "qvit", "ivit"}) QVERIFY2(methods.count(m), m);
  }

  void typedFieldsAreTheStoredValues() {
    const auto s = vq::runSummaryFromJson(modcapRun(), "run.json");
    QCOMPARE(s.accuracy.value().top1, 0.8);
    QCOMPARE(s.threads.value(), int64_t{1});
    QCOMPARE(vq::optionText(s.options.at("iters")), std::string("500"));
    QCOMPARE(vq::optionText(s.options.at("lr")), std::string("4e-05"));
    QCOMPARE(vq::optionText(s.options.at("qdrop")), std::string("false"));
    const auto& report = std::get<vq::ModcapReport>(s.report);
    QCOMPARE(report.capacity.at(0).capacity, 0.25);
    QCOMPARE(report.brecq.value().units.at(0).lossCurve, (std::vector<double>{1.5, 1.0}));
    QCOMPARE(vq::toJson(s), modcapRun());
  }

  void entriesListEveryScalar() {
    const auto s = vq::runSummaryFromJson(modcapRun(), "run.json");
    std::map<std::string, vq::SummaryEntry> byKey;
    for (const auto& e : vq::summaryEntries(s)) byKey[e.key] = e;
    QCOMPARE(byKey.at("options.iters").text, std::string("500"));
    QCOMPARE(byKey.at("report.capacity_kind").text, std::string("data-dependent"));
    QCOMPARE(byKey.at("report.units").listLength, int64_t{1});
    QCOMPARE(byKey.at("top1").text, std::string("0.8"));
  }

  void runsWithoutEvaluationOrNewerFields() {
    auto j = modcapRun();
    for (const char* key : {"n", "fp_top1", "fp_top5", "top1", "top5", "threads", "cpu_isa"}) j.erase(key);
    const auto s = vq::runSummaryFromJson(j, "run.json");
    QVERIFY(!s.accuracy && !s.threads && !s.cpuIsa);
    QCOMPARE(vq::toJson(s), j);
    // A method this version does not know keeps its summary; its report has nothing typed.
    j["method"] = "some_future_method";
    j["report"] = {{"anything", 1}};
    QVERIFY(std::holds_alternative<vq::EmptyReport>(vq::runSummaryFromJson(j, "run.json").report));
  }

  void damagedSummariesNameFileAndKey_data() {
    QTest::addColumn<QString>("pointer");  // a JSON pointer into modcapRun()
    QTest::addColumn<QString>("value");    // JSON text to put there, or "" to remove the key
    QTest::addColumn<QString>("mentions");
    QTest::newRow("no seed") << "/seed" << "" << "\"seed\"";
    QTest::newRow("wbits as text") << "/wbits" << "\"3\"" << "\"wbits\"";
    QTest::newRow("top1 without n") << "/n" << "" << "\"n\"";
    QTest::newRow("option as a list") << "/options/iters" << "[1]" << "option \"iters\"";
    QTest::newRow("report not an object") << "/report" << "[]" << "report";
    QTest::newRow("modcap without depth") << "/report/depth" << "" << "\"depth\"";
    QTest::newRow("unit without loss curve") << "/report/units/0/loss_curve" << "" << "units[0]";
    QTest::newRow("probe without its depth") << "/report/brecq_depth" << "" << "\"brecq_depth\"";
    QTest::newRow("unit seconds as text") << "/report/units/0/seconds" << "\"slow\"" << "\"seconds\"";
  }

  void damagedSummariesNameFileAndKey() {
    QFETCH(QString, pointer);
    QFETCH(QString, value);
    QFETCH(QString, mentions);
    auto j = modcapRun();
    const nlohmann::json::json_pointer at(pointer.toStdString());
    if (value.isEmpty()) j[at.parent_pointer()].erase(at.back());
    else j[at] = nlohmann::json::parse(value.toStdString());
    try {
      vq::runSummaryFromJson(j, "runs/x/run.json");
      QFAIL("a damaged summary was accepted");
    } catch (const vq::Error& e) {
      QVERIFY2(QString(e.what()).startsWith("runs/x/run.json"), e.what());
      QVERIFY2(QString(e.what()).contains(mentions), e.what());
    }
  }

  void otherMethodsReportsAreChecked() {
    auto j = modcapRun();
    j["method"] = "qvit";
    j["report"] = {{"train_data", "fashion-mnist:train"}, {"irm_sites", 8}, {"boundary_layers", {"head"}}, {"epochs", nlohmann::json::array()},
                   {"best_epoch", 0}, {"start_val_top1", 0.5}};  // no best_val_top1
    QVERIFY_THROWS_EXCEPTION(vq::Error, vq::runSummaryFromJson(j, "run.json"));
    j["report"]["best_val_top1"] = 0.6;
    QCOMPARE(std::get<vq::QvitReport>(vq::runSummaryFromJson(j, "run.json").report).irmSites, int64_t{8});
    j["method"] = "ivit";
    j["report"] = {{"integer", true}, {"calibration_images", "many"}};
    QVERIFY_THROWS_EXCEPTION(vq::Error, vq::runSummaryFromJson(j, "run.json"));
  }
};

QTEST_APPLESS_MAIN(TestRunSummary)
#include "tst_run_summary.moc"
