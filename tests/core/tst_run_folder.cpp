// Run folders: what the studio and `quantize --save-run` keep comes back field for field (with the quantized
// model, quantizers and all); a save never overwrites and never leaves a partial folder; damaged files are
// refused naming the file.
#include "core/analysis/sensitivity.h"
#include "core/quant/quant_model.h"
#include "core/run/run_folder.h"
#include "core/util/error.h"
#include "tiny_models.h"

#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace {

std::vector<vq::SiteHistogram> someHistograms() {
  vq::SiteHistogram h;
  h.site = "blocks.0.attn.qkv.input";
  h.kind = "linear_input";
  h.min = -2;
  h.max = 3;
  h.edges = {-2, 0, 3};
  h.counts = {5, 7};
  h.sampled = 12;
  h.levels = {-1, 0, 1};
  h.levelsChannel = 4;
  h.clipLow = -1.5;
  h.clipHigh = 1.5;
  h.quantizer = "uniform_asym 2-bit per_tensor";
  h.channelMin = {-1, -2};
  h.channelMax = {1, 3};
  return {h};
}

vq::SensitivityReport someSensitivity() {
  vq::SensitivityReport r;
  r.n = 50;
  r.fpTop1 = 0.9;
  r.quantTop1 = 0.8;
  r.sites.push_back({"blocks.0.attn.q", "matmul_operand", 12.5, 0.01, 0.99, 20.0, 0.86, 0.04});
  return r;
}

void writeText(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

// Every field a run summary must have, and nothing else.
const char* const kMinimalRun = R"({"model":"m","method":"x","wbits":4,"abits":4,"calib":1,"calib_data":"d:train","data":"d","seed":0,
  "float_sites":[],"options":{},"report":{},"seconds":1.5})";

}  // namespace

class TestRunFolder : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;

  std::string path(const char* name) const { return (fs::path(tmp_.path().toStdString()) / name).string(); }

private Q_SLOTS:
  void roundTrip() {
    const auto fp = tinyDeit();
    auto qm = vq::makeQuantizedModel(fp);
    qm.info = {"minmax", 4, 6, {{"keep_float", ""}}, {}};
    vq::RunSummary summary;
    summary.model = "tiny";
    summary.method = "minmax";
    summary.wbits = 4;
    summary.abits = 6;
    summary.accuracy = vq::RunAccuracy{10, 0.6, 0.9, 0.5, 0.8};
    const auto sens = someSensitivity();
    vq::saveRunFolder(path("run"), summary, &qm, someHistograms(), &sens);
    QVERIFY(!fs::exists(path("run") + ".part"));

    const auto back = vq::readRunFolder(path("run"));
    QCOMPARE(vq::toJson(back.summary), vq::toJson(summary));
    QCOMPARE(back.histograms.size(), size_t{1});
    const auto& h = back.histograms[0];
    const auto expected = someHistograms();
    const auto& o = expected[0];
    QCOMPARE(h.site, o.site);
    QCOMPARE(h.edges, o.edges);
    QCOMPARE(h.counts, o.counts);
    QCOMPARE(h.levels, o.levels);
    QCOMPARE(h.levelsChannel, o.levelsChannel);
    QCOMPARE(h.clipHigh, o.clipHigh);
    QCOMPARE(h.channelMax, o.channelMax);
    QVERIFY(back.sensitivity.has_value());
    QCOMPARE(back.sensitivity->sites.at(0).site, std::string("blocks.0.attn.q"));
    QCOMPARE(back.sensitivity->sites.at(0).top1Drop, 0.04);
    QVERIFY(!back.modelDir.empty());

    const auto reopened = vq::openQuantizedModel(back.modelDir);
    QCOMPARE(reopened.info.method, std::string("minmax"));
    QCOMPARE(reopened.info.abits, 6);
    QVERIFY(reopened.quantizers != nullptr);

    // Sensitivity can be added afterwards; the folder is never overwritten.
    vq::saveRunFolder(path("plain"), summary, nullptr, someHistograms(), nullptr);
    QVERIFY(!vq::readRunFolder(path("plain")).sensitivity);
    QVERIFY(vq::readRunFolder(path("plain")).modelDir.empty());
    vq::saveRunSensitivity(path("plain"), sens);
    QVERIFY(vq::readRunFolder(path("plain")).sensitivity);
    QVERIFY_THROWS_EXCEPTION(vq::Error, vq::saveRunFolder(path("plain"), summary, nullptr, {}, nullptr));
  }

  void damagedFilesNameTheFile_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("run.json not JSON") << "run.json" << "{\"model\": " << "run.json";
    QTest::newRow("run.json without method") << "run.json" << R"({"model":"m","wbits":4,"abits":4})" << "\"method\"";
    QTest::newRow("run.json wbits as text") << "run.json" << R"({"model":"m","method":"x","wbits":"4","abits":4})" << "\"wbits\"";
    QTest::newRow("histograms without sites") << "histograms.json" << "{}" << "histograms.json";
    QTest::newRow("histogram edges") << "histograms.json"
                                     << R"({"sites":[{"site":"s","kind":"k","min":0,"max":1,"edges":[0,1],"counts":[1,2],"sampled":3,"quantizer":""}]})"
                                     << "bin edge";
    // Found by fuzz_run_folder: a float where an integer belongs was cast unchecked (undefined behaviour).
    QTest::newRow("histogram counts beyond int64") << "histograms.json"
                                                   << R"({"sites":[{"site":"s","kind":"k","min":0,"max":1,"edges":[0,1,2],"counts":[1e300,2],"sampled":3,"quantizer":""}]})"
                                                   << "\"counts\" has the wrong type";
    QTest::newRow("sensitivity n as a float") << "sensitivity.json" << R"({"n":3.2e65,"fp_top1":1,"quant_top1":1,"sites":[]})"
                                              << "\"n\" has the wrong type";
    QTest::newRow("sensitivity field") << "sensitivity.json" << R"({"n":1,"fp_top1":1,"quant_top1":1,"sites":[{"site":"s"}]})"
                                       << "sensitivity.json (s)";
  }

  void damagedFilesNameTheFile() {
    QFETCH(QString, file);
    QFETCH(QString, text);
    QFETCH(QString, mentions);
    const fs::path dir = path(QTest::currentDataTag());
    fs::create_directories(dir);
    writeText(dir / "run.json", kMinimalRun);
    writeText(dir / file.toStdString(), text.toStdString());
    try {
      vq::readRunFolder(dir.string());
      QFAIL("a damaged run folder was accepted");
    } catch (const vq::Error& e) {
      QVERIFY2(QString(e.what()).contains(mentions), e.what());
      QVERIFY2(QString(e.what()).contains(QString::fromStdString(dir.string())), e.what());
    }
  }

  void notARunFolder() {
    QVERIFY_THROWS_EXCEPTION(vq::Error, vq::readRunFolder(path("does-not-exist")));
    QVERIFY_THROWS_EXCEPTION(vq::Error, vq::readRunFolder(tmp_.path().toStdString()));
    QVERIFY_THROWS_EXCEPTION(vq::Error, vq::openQuantizedModel(tmp_.path().toStdString()));
  }
};

QTEST_APPLESS_MAIN(TestRunFolder)
#include "tst_run_folder.moc"
