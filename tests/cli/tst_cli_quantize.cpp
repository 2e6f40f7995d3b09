// `vitquant quantize` as a user runs it: the JSON contract (FP and quantized accuracy from the same
// run), a saved quantized folder that every command reopens with the same accuracy, and the refusals.
#include "cli_runner.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest/QtTest>

class TestCliQuantize : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  const QString model_ = "builtin:mobilevit-fashion";
  const QStringList quick_ = {"--calib", "64", "--eval-limit", "200", "--threads", "2", "--json"};

  QJsonObject runJson(const QStringList& args) {
    const auto r = runCli(args, 600000);  // generous: a busy machine must not turn slowness into a failure
    [&] { QVERIFY2(r.exitCode == 0 && !r.crashed, qPrintable(r.err)); }();
    return QJsonDocument::fromJson(r.out.toUtf8()).object();
  }

private Q_SLOTS:
  void jsonContract() {
    const auto j = runJson(QStringList{"quantize", "--model", model_, "--method", "minmax", "--wbits", "8", "--abits", "8"} + quick_);
    for (const char* key : {"model", "method", "wbits", "abits", "calib", "n", "fp_top1", "top1", "top5", "seconds", "float_sites", "options"})
      QVERIFY2(j.contains(key), key);
    QCOMPARE(j["calib"].toInt(), 64);
    QCOMPARE(j["n"].toInt(), 200);
    QCOMPARE(j["threads"].toInt(), 2);  // what makes a run repeatable: seed, threads and the CPU's ISA
    QVERIFY(QStringList({"portable", "avx2", "avxvnni", "avx512vnni"}).contains(j["cpu_isa"].toString()));
    QCOMPARE(j["calib_data"].toString(), QString("fashion-mnist:train"));
    QCOMPARE(j["float_sites"].toArray(), QJsonArray{"stem.conv.input"});
    QCOMPARE(j["options"].toObject()["weight_range"].toString(), QString("minmax"));
    QVERIFY(j["fp_top1"].toDouble() > 0.8);
    QVERIFY(std::abs(j["top1"].toDouble() - j["fp_top1"].toDouble()) <= 0.02);
  }

  void savedFolderReopensWithTheSameAccuracy() {
    const auto dir = tmp_.filePath("q");
    const auto q = runJson(QStringList{"quantize", "--model", model_, "--method", "percentile", "--wbits", "4", "--abits", "4", "--save", dir} + quick_);
    QVERIFY(QFile::exists(dir + "/quant.json"));
    const auto e = runJson({"eval", "--model", dir, "--data", "fashion-mnist", "--limit", "200", "--json"});
    QCOMPARE(e["top1"].toDouble(), q["top1"].toDouble());
    const auto info = runJson({"info", "--model", dir, "--json"});
    QCOMPARE(info["quant"].toObject()["method"].toString(), QString("percentile"));
    QCOMPARE(info["quant"].toObject()["wbits"].toInt(), 4);
    // The float model's own folder is never overwritten.
    verifyCliError({"quantize", "--model", QString(VQ_TEST_DATA) + "/golden/deit_tiny_e96d3h3p8_img32", "--method", "minmax", "--wbits", "8",
                    "--abits", "8", "--save", QString(VQ_TEST_DATA) + "/golden/deit_tiny_e96d3h3p8_img32/"},
                   2, "float model's own folder");
    // A quantized folder is not quantized again.
    verifyCliError({"quantize", "--model", dir, "--method", "minmax", "--wbits", "8", "--abits", "8"}, 1, "already quantized");
  }

  void qhyvit() {
    const auto dir = tmp_.filePath("qh");
    const auto j = runJson(QStringList{"quantize", "--model", model_, "--method", "qhyvit", "--wbits", "6", "--abits", "6", "--set", "candidates=4",
                                       "--set", "rounds=1", "--save", dir, "--calib", "8", "--eval-limit", "100", "--threads", "2", "--json"});
    const auto layers = j["report"].toObject()["layers"].toArray();
    QVERIFY(layers.size() > 50);
    QCOMPARE(j["report"].toObject()["bridges"].toArray().size(), 3);
    QFile quant(dir + "/quant.json");
    QVERIFY(quant.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(quant.readAll()).object()["layers"].toArray(), layers);
    verifyCliError({"quantize", "--model", model_, "--method", "qhyvit", "--wbits", "6", "--abits", "6", "--set", "alpha_lo=2", "--set", "alpha_hi=1"},
                   2, "alpha_hi must not be below alpha_lo");
    verifyCliError({"quantize", "--model", model_, "--method", "qhyvit", "--wbits", "6", "--abits", "6", "--set", "granularity_search=maybe"}, 2,
                   "granularity_search");
  }

  void analyses() {
    const auto dir = tmp_.filePath("qa");
    runJson(QStringList{"quantize", "--model", model_, "--method", "minmax", "--wbits", "4", "--abits", "4", "--save", dir} + quick_);
    const auto s = runJson({"analyze", "sensitivity", "--quant", dir, "--limit", "20", "--json"});
    QVERIFY(s["sites"].toArray().size() > 50);
    const auto worst = s["sites"].toArray()[0].toObject();
    for (const char* key : {"site", "kind", "sqnr_db", "mse", "cosine", "logits_sqnr_db", "top1", "top1_drop"}) QVERIFY2(worst.contains(key), key);
    // A hybrid model also gets the zero-point overflow check, at the folder's activation bits.
    const auto overflow = s["zero_point_overflow"].toObject();
    QCOMPARE(overflow["bits"].toInt(), 4);
    QVERIFY(overflow["sites"].toArray().size() > 50);
    for (const auto& v : overflow["sites"].toArray()) {
      const auto z = v.toObject();
      QVERIFY(z["clamped_channels"].toInt() >= 0 && z["clamped_channels"].toInt() <= z["channels"].toInt());
      QVERIFY(z["worst_lost_share"].toDouble() >= 0 && z["worst_lost_share"].toDouble() <= 1);
    }
    const auto h = runJson({"analyze", "histograms", "--quant", dir, "--images", "16", "--sites", "stages.2.1.transformer.0.attn", "--json"});
    QVERIFY(!h["sites"].toArray().isEmpty());
    for (const auto& v : h["sites"].toArray()) QVERIFY(v.toObject()["site"].toString().startsWith("stages.2.1.transformer.0.attn"));
    verifyCliError({"analyze", "sensitivity", "--model", model_}, 2, "--quant DIR or --method");
    verifyCliError({"analyze", "sensitivity", "--quant", dir, "--method", "minmax"}, 2, "not both");
    verifyCliError({"analyze", "sensitivity", "--quant", QString(VQ_TEST_DATA) + "/golden/deit_tiny_e96d3h3p8_img32"}, 1, "has no quant.json");
    verifyCliError({"analyze", "histograms", "--quant", dir, "--sites", "no-such-site"}, 2, "no site matches");

    const auto fit = runJson({"analyze", "fit", "--model", model_, "--site", "stages.2.1.transformer.0.attn.softmax.output", "--images", "8", "--json"});
    QCOMPARE(fit["curves"].toArray().size(), 3 * 7);  // uniform, log2, SULQ × 2..8 bits
    for (const auto& c : fit["curves"].toArray()) {
      const auto curve = c.toObject();
      const int levels = curve["levels"].toArray().size();
      QCOMPARE(levels, 1 << curve["bits"].toInt());
      QVERIFY(curve["floor_fraction"].toDouble() >= 0 && curve["floor_fraction"].toDouble() <= 1);
    }
    verifyCliError({"analyze", "fit", "--model", model_, "--site", "stem.conv.weight"}, 2, "is not a post-Softmax site");

    const auto land = runJson({"analyze", "landscape", "--model", model_, "--block", "0", "--granularity", "channel", "--grid", "3", "--2d",
                               "--images", "16", "--json"});
    QCOMPARE(land["loss"].toArray().size(), 3);
    QCOMPARE(land["loss"].toArray()[1].toArray().size(), 3);
    QCOMPARE(land["loss"].toArray()[1].toArray()[1].toDouble(), land["center_loss"].toDouble());  // the grid's middle is the calibrated point
    // qkv and fc1 inputs of each transformer layer inside the block (MobileViT-xxs's first block holds two).
    QCOMPARE(land["sites"].toArray().size(), 4);
    verifyCliError({"analyze", "landscape", "--model", model_, "--block", "9"}, 2, "--block must be 0..");
    verifyCliError({"analyze", "landscape", "--model", model_, "--granularity", "pixel"}, 2, "layer or channel");
  }

  void errors_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("mentions");
    const QStringList base{"quantize", "--model", "builtin:mobilevit-fashion", "--calib", "8", "--eval-limit", "8"};
    QTest::newRow("method") << base + QStringList{"--method", "magic", "--wbits", "4", "--abits", "4"} << 2 << "unknown method 'magic'";
    QTest::newRow("wbits") << base + QStringList{"--method", "minmax", "--wbits", "9", "--abits", "4"} << 2 << "--wbits must be 2..8";
    QTest::newRow("abits") << base + QStringList{"--method", "minmax", "--wbits", "4", "--abits", "1"} << 2 << "--abits must be 2..8";
    QTest::newRow("option") << base + QStringList{"--method", "brecq", "--wbits", "4", "--abits", "4", "--set", "itres=3"} << 2 << "no option 'itres'";
    QTest::newRow("option-value") << base + QStringList{"--method", "brecq", "--wbits", "4", "--abits", "4", "--set", "iters=x"} << 2 << "iters=x";
    QTest::newRow("set-form") << base + QStringList{"--method", "minmax", "--wbits", "4", "--abits", "4", "--set", "iters"} << 2 << "KEY=VALUE";
    QTest::newRow("calib") << base + QStringList{"--method", "minmax", "--wbits", "4", "--abits", "4", "--calib", "0"} << 2 << "--calib";
    QTest::newRow("model") << QStringList{"quantize", "--model", "/nonexistent/model", "--method", "minmax", "--wbits", "4", "--abits", "4"} << 1
                           << "/nonexistent/model";
    QTest::newRow("data") << base + QStringList{"--method", "minmax", "--wbits", "4", "--abits", "4", "--data", "idx:/nonexistent"} << 1 << "/nonexistent";
    QTest::newRow("save-is-file") << base + QStringList{"--method", "minmax", "--wbits", "4", "--abits", "4", "--save", QString(VQ_TEST_DATA) + "/golden/deit_tiny_e96d3h3p8_img32/config.json"}
                                  << 1 << "is not a folder";
  }

  void errors() {
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, mentions);
    verifyCliError(args, exitCode, mentions);
  }
};

QTEST_GUILESS_MAIN(TestCliQuantize)
#include "tst_cli_quantize.moc"
