// I-ViT from the command line: quantize --method ivit saves an integer-only model that eval reopens with
// the same accuracy on both engines (bit-identical logits), predict --compare sets it beside the float
// model, bench times both in one run, and broken integer folders are refused with one line.
#include "cli_runner.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QSet>
#include <QtTest/QtTest>

class TestCliIvit : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  QString dir_;
  const QString model_ = "builtin:deit-fashion";

  QJsonObject runJson(const QStringList& args) {
    const auto r = runCli(args, 600000);
    [&] { QVERIFY2(r.exitCode == 0 && !r.crashed, qPrintable(r.err)); }();
    return QJsonDocument::fromJson(r.out.toUtf8()).object();
  }

  // A copy of the saved integer folder with integer.safetensors replaced by `bytes`.
  QString damagedCopy(const QString& name, const QByteArray& bytes) {
    const QString d = tmp_.filePath(name);
    QDir().mkpath(d);
    for (const auto* f : {"config.json", "model.safetensors", "quant.json"}) QFile::copy(dir_ + "/" + f, d + "/" + f);
    QFile out(d + "/integer.safetensors");
    [&] { QVERIFY(out.open(QIODevice::WriteOnly)); }();
    out.write(bytes);
    return d;
  }

private Q_SLOTS:
  void initTestCase() {
    dir_ = tmp_.filePath("ivit");
    const auto q = runJson({"quantize", "--model", model_, "--method", "ivit", "--wbits", "8", "--abits", "8", "--calib", "64",
                            "--eval-limit", "300", "--threads", "2", "--save", dir_, "--json"});
    QCOMPARE(q["method"].toString(), QString("ivit"));
    QVERIFY(q["report"].toObject()["integer"].toBool());
    // Integer-only 8-bit stays close to float even on 300 images.
    QVERIFY2(q["top1"].toDouble() > q["fp_top1"].toDouble() - 0.03, qPrintable(QString::number(q["top1"].toDouble())));
    QVERIFY(QFile::exists(dir_ + "/integer.safetensors"));
    topQuantized_ = q["top1"].toDouble();
  }

  void evalReopensOnBothEngines() {
    const auto e = runJson({"eval", "--model", dir_, "--data", "fashion-mnist", "--limit", "300", "--engine", "both", "--json"});
    QCOMPARE(e["top1"].toDouble(), topQuantized_);
    const auto engines = e["engines"].toObject();
    QCOMPARE(engines["n"].toInt(), 300);
    QCOMPARE(engines["differing"].toInt(), 0);
    const auto r = runJson({"eval", "--model", dir_, "--data", "fashion-mnist", "--limit", "300", "--engine", "reference", "--json"});
    QCOMPARE(r["top1"].toDouble(), topQuantized_);
    QCOMPARE(r["engine"].toString(), QString("reference"));
  }

  // 4-bit weights in the transformer layers (8 in the patch embedding and classifier): saved, reopened, and
  // the fast engine (its nibble kernels) gives the reference engine's logits on every image.
  void fourBitWeights() {
    const QString dir = tmp_.filePath("ivit-w4");
    const auto q = runJson({"quantize", "--model", model_, "--method", "ivit", "--wbits", "4", "--abits", "8", "--calib", "64",
                            "--eval-limit", "300", "--threads", "2", "--save", dir, "--json"});
    QCOMPARE(q["wbits"].toInt(), 4);
    const auto bits = q["report"].toObject()["weight_bits"].toObject();
    QCOMPARE(bits["transformer_layers"].toInt(), 4);
    QCOMPARE(bits["patch_embedding_and_classifier"].toInt(), 8);
    // Coarser than W8A8, still far above chance (10 classes) without fine-tuning.
    QVERIFY2(q["top1"].toDouble() > 0.5, qPrintable(QString::number(q["top1"].toDouble())));
    const auto e = runJson({"eval", "--model", dir, "--data", "fashion-mnist", "--limit", "300", "--engine", "both", "--json"});
    QCOMPARE(e["top1"].toDouble(), q["top1"].toDouble());
    QCOMPARE(e["engines"].toObject()["differing"].toInt(), 0);
  }

  void predictCompares() {
    const QString image = tmp_.filePath("patch.png");
    QImage img(28, 28, QImage::Format_Grayscale8);
    img.fill(40);
    for (int y = 8; y < 20; ++y)
      for (int x = 4; x < 24; ++x) img.setPixel(x, y, qRgb(200, 200, 200));
    QVERIFY(img.save(image));
    const auto p = runJson({"predict", "--model", model_, "--compare", "ivit:" + dir_, "--topk", "3", "--json", image});
    const auto list = p["predictions"].toArray();
    QCOMPARE(list.size(), 1);
    QCOMPARE(list[0].toObject()["compare"].toArray().size(), 3);
    QVERIFY(p.contains("agreement"));
  }

  void benchTimesBothInOneRun() {
    const auto b = runJson({"bench", "--model", model_, "--batch", "4", "--repeats", "2", "--warmup", "1", "--threads", "1", "--json"});
    QVERIFY(b["fp32"].toObject()["images_per_s"].toDouble() > 0);
    QVERIFY(b["int"].toObject()["images_per_s"].toDouble() > 0);
    QVERIFY(b["speedup"].toDouble() > 0);
    double shares = 0;
    for (const auto& v : b["op_share"].toObject()) shares += v.toDouble();
    QVERIFY(std::abs(shares - 1.0) < 0.05);
    const auto m = runJson({"bench", "--model", "builtin:mobilevit-fashion", "--batch", "2", "--repeats", "1", "--warmup", "0", "--json"});
    QVERIFY(!m.contains("int"));
    QVERIFY(m["int_unavailable"].toString().contains("mobilevit"));
  }

  // Several weight widths in one run: each width's models on every path, in the same interleaved rounds.
  void benchWeightWidths() {
    const auto b = runJson({"bench", "--model", model_, "--batch", "2", "--repeats", "1", "--warmup", "0", "--threads", "1", "--wbits", "8,4",
                            "--json"});
    QCOMPARE(b["wbits"].toInt(), 8);
    const auto byWidth = b["int_by_wbits"].toObject();
    QCOMPARE(byWidth.keys(), QStringList({"4", "8"}));
    QCOMPARE(byWidth["8"].toObject(), b["int_by_isa"].toObject());
    for (const auto& isa : byWidth["8"].toObject().keys()) QVERIFY2(byWidth["4"].toObject()[isa].toObject()["ms_per_batch"].toDouble() > 0, qPrintable(isa));
    verifyCliError({"bench", "--model", model_, "--wbits", "9"}, 2, "--wbits");
    verifyCliError({"bench", "--model", model_, "--wbits", "4,4"}, 2, "twice");
    verifyCliError({"bench", "--model", dir_, "--wbits", "4"}, 2, "own weight widths");
  }

  // The micro-kernels alone: every ISA path of this CPU at 8 and 4 bits, SIMD paths beside their instruction limit.
  void benchKernels() {
    const auto k = runJson({"bench", "--kernels", "--json"});
    const auto isas = k["cpu_isas"].toArray();
    QVERIFY(isas.contains("portable"));
    QSet<QString> seen;
    for (const auto& v : k["kernels"].toArray()) {
      const auto row = v.toObject();
      const QString isa = row["isa"].toString();
      QVERIFY(isas.contains(isa));
      QVERIFY(row["gmac_per_core"].toDouble() > 0);
      seen.insert(isa + "/" + QString::number(row["weight_bits"].toInt()));
      if (isa == "portable") QVERIFY(row["limit_gmac_per_core"].isNull());
      else {
        QVERIFY(row["limit_gmac_per_core"].toDouble() > 0);
        // A kernel cannot beat the instructions it is made of (a margin for clock and timer noise).
        QVERIFY2(row["efficiency"].toDouble() < 1.25, qPrintable(isa + " " + row["gemm"].toString()));
      }
    }
    for (const auto& isa : isas) {
      QVERIFY(seen.contains(isa.toString() + "/8"));
      QVERIFY(seen.contains(isa.toString() + "/4"));
    }
    verifyCliError({"bench", "--kernels", "--model", model_}, 2, "--kernels");
    verifyCliError({"bench"}, 2, "--model");
  }

  // Every ISA path the CPU has appears in the bench's per-ISA table; --isa and VQ_ISA pick one, and each
  // forced path still agrees with the reference engine on every image.
  void isaPaths() {
    const auto b = runJson({"bench", "--model", model_, "--batch", "2", "--repeats", "1", "--warmup", "0", "--threads", "1", "--json"});
    const auto byIsa = b["int_by_isa"].toObject();
    QVERIFY(byIsa.contains(b["isa"].toString()));
    QFile cpuinfo("/proc/cpuinfo");
    QVERIFY(cpuinfo.open(QIODevice::ReadOnly));
    const QString flags = QString::fromUtf8(cpuinfo.readAll()).section("\nflags", 1, 1).section('\n', 0, 0);
    const bool has[] = {flags.contains(" avx2"), flags.contains(" avx_vnni"), flags.contains(" avx512_vnni")};
    const char* names[] = {"avx2", "avxvnni", "avx512vnni"};
    for (int i = 0; i < 3; ++i) {
      QCOMPARE(byIsa.contains(names[i]), has[i]);
      if (!has[i]) {
        verifyCliError({"bench", "--model", model_, "--batch", "1", "--isa", names[i]}, 2, names[i]);
        continue;
      }
      const auto forced = runJson({"bench", "--model", model_, "--batch", "2", "--repeats", "1", "--warmup", "0", "--isa", names[i], "--json"});
      QCOMPARE(forced["isa"].toString(), QString(names[i]));
      QProcess p;
      auto env = QProcessEnvironment::systemEnvironment();
      env.insert("VQ_ISA", names[i]);
      p.setProcessEnvironment(env);
      p.start(VQ_CLI, {"eval", "--model", dir_, "--data", "fashion-mnist", "--limit", "64", "--engine", "both", "--json"});
      QVERIFY(p.waitForFinished(300000));
      QCOMPARE(p.exitCode(), 0);
      const auto e = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
      QCOMPARE(e["engines"].toObject()["differing"].toInt(), 0);
    }
    verifyCliError({"bench", "--model", model_, "--isa", "sse9"}, 2, "sse9");
    QProcess bad;
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert("VQ_ISA", "sse9");
    bad.setProcessEnvironment(env);
    bad.start(VQ_CLI, {"info", "--model", model_});
    QVERIFY(bad.waitForFinished(60000));
    QCOMPARE(bad.exitCode(), 2);
    QCOMPARE(QString::fromUtf8(bad.readAllStandardError()).trimmed(), QString("error: VQ_ISA: unknown ISA 'sse9' (portable, avx2, avxvnni, avx512vnni)"));
  }

  void refusals_data() {
    QTest::addColumn<QString>("damage");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("truncated") << "truncated" << 1 << "integer.safetensors";
    QTest::newRow("not-safetensors") << "garbage" << 1 << "integer.safetensors";
    QTest::newRow("bits") << "bits" << 2 << "--abits 8";
    QTest::newRow("family") << "family" << 1 << "mobilevit";
    QTest::newRow("engine-on-float") << "engine" << 2 << "integer-only";
    QTest::newRow("finetune-data-unknown") << "finetune-data" << 2 << "/no/such/data";
    QTest::newRow("finetune-other-method") << "finetune-method" << 2 << "no option 'finetune_epochs'";
  }

  void refusals() {
    QFETCH(QString, damage);
    QFETCH(int, exitCode);
    QFETCH(QString, mentions);
    QFile f(dir_ + "/integer.safetensors");
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    if (damage == "truncated")
      verifyCliError({"eval", "--model", damagedCopy("t", bytes.left(bytes.size() / 2)), "--data", "fashion-mnist", "--limit", "5"}, exitCode, mentions);
    if (damage == "garbage")
      verifyCliError({"info", "--model", damagedCopy("g", QByteArray(100, 'x'))}, exitCode, mentions);
    if (damage == "bits")
      verifyCliError({"quantize", "--model", model_, "--method", "ivit", "--wbits", "4", "--abits", "4", "--calib", "8"}, exitCode, mentions);
    if (damage == "family")
      // Refused before any fine-tuning (verifyCliError allows 30 s).
      verifyCliError({"quantize", "--model", "builtin:mobilevit-fashion", "--method", "ivit", "--wbits", "8", "--abits", "8", "--calib", "8",
                      "--finetune-epochs", "1"},
                     exitCode, mentions);
    if (damage == "engine")
      verifyCliError({"eval", "--model", model_, "--data", "fashion-mnist", "--limit", "5", "--engine", "reference"}, exitCode, mentions);
    if (damage == "finetune-data")
      verifyCliError({"quantize", "--model", model_, "--method", "ivit", "--wbits", "8", "--abits", "8", "--calib", "8", "--finetune-epochs", "1",
                      "--set", "train_data=/no/such/data"},
                     exitCode, mentions);
    if (damage == "finetune-method")
      verifyCliError({"quantize", "--model", model_, "--method", "minmax", "--wbits", "8", "--abits", "8", "--calib", "8", "--finetune-epochs", "1"},
                     exitCode, mentions);
  }

private:
  double topQuantized_ = 0;
};

QTEST_GUILESS_MAIN(TestCliIvit)
#include "tst_cli_ivit.moc"
