// `vitquant export` as a user runs it: the JSON contract, every refusal as one `error:` line with its exit
// status and no file left behind, and the time a real-size DeiT-S and Swin-T take to export.
#include "cli_runner.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

class TestCliExport : public QObject {
  Q_OBJECT

  QTemporaryDir tmp_;
  QString path(const QString& name) const { return tmp_.filePath(name); }

private Q_SLOTS:
  void initTestCase() { QVERIFY(tmp_.isValid()); }

  void floatModelJson() {
    const auto out = path("deit.onnx");
    const auto r = runCli({"export", "--model", "builtin:deit-fashion", "--onnx", out, "--json", "--threads", "1"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const auto j = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(j["onnx"].toString(), out);
    QCOMPARE(j["opset"].toInt(), 17);
    QCOMPARE(j["batch"].toString(), QString("dynamic"));
    QCOMPARE(j["method"].toString(), QString("float"));
    QCOMPARE(j["qdq_sites"].toInt(), 0);
    QVERIFY(j["float_sites"].toArray().isEmpty());
    QCOMPARE(j["input_shape"].toArray(), QJsonArray({3, 28, 28}));
    QCOMPARE(j["bytes"].toInteger(), QFileInfo(out).size());
  }

  void quantizedModelText() {
    const auto folder = path("deit-w4");
    const auto q = runCli({"quantize", "--model", "builtin:deit-fashion", "--method", "minmax", "--wbits", "4", "--abits", "4",
                           "--calib", "32", "--eval-limit", "8", "--save", folder, "--threads", "1"});
    QVERIFY2(q.exitCode == 0, qPrintable(q.err));
    const auto r = runCli({"export", "--model", folder, "--onnx", path("deit-w4.onnx"), "--batch", "4", "--opset", "13"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("minmax W4A4, opset 13, batch 4"), qPrintable(r.out));
    QVERIFY(QFileInfo::exists(path("deit-w4.onnx")));
  }

  void refusals_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("mentions");
    const auto out = path("refused.onnx");
    QDir().mkpath(path("not-a-model"));
    QTest::newRow("folder that is not a model") << QStringList{"--model", path("not-a-model"), "--onnx", out} << 1 << "not-a-model";
    QTest::newRow("unwritable output") << QStringList{"--model", "builtin:deit-fashion", "--onnx", "/proc/vq-no/x.onnx"} << 1
                                       << "/proc/vq-no/x.onnx";
    QTest::newRow("opset too old") << QStringList{"--model", "builtin:deit-fashion", "--onnx", out, "--opset", "12"} << 2 << "--opset";
    QTest::newRow("opset too new") << QStringList{"--model", "builtin:deit-fashion", "--onnx", out, "--opset", "18"} << 2 << "--opset";
    QTest::newRow("batch not a number") << QStringList{"--model", "builtin:deit-fashion", "--onnx", out, "--batch", "two"} << 2
                                        << "--batch";
    QTest::newRow("batch zero") << QStringList{"--model", "builtin:deit-fashion", "--onnx", out, "--batch", "0"} << 2 << "--batch";
  }

  void refusals() {
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, mentions);
    verifyCliError(QStringList{"export"} + args, exitCode, mentions);
    QVERIFY(!QFileInfo::exists(path("refused.onnx")));
    QCOMPARE(QDir(tmp_.path()).entryList({"*.tmp*", ".*.tmp*"}, QDir::Files | QDir::Hidden).size(), 0);
  }

  // An I-ViT integer-only model is refused, with what to export instead.
  void integerModelRefused() {
    const auto folder = path("ivit");
    const auto q = runCli({"quantize", "--model", "builtin:deit-fashion", "--method", "ivit", "--wbits", "8", "--abits", "8",
                           "--calib", "32", "--eval-limit", "8", "--save", folder, "--threads", "1"});
    QVERIFY2(q.exitCode == 0, qPrintable(q.err));
    verifyCliError({"export", "--model", folder, "--onnx", path("refused.onnx")}, 1, "integer-only");
    QVERIFY(!QFileInfo::exists(path("refused.onnx")));
  }

  void realSizesExportInTime_data() {
    QTest::addColumn<QString>("arch");
    QTest::newRow("DeiT-S") << "arch:deit_small_patch16_224";
    QTest::newRow("Swin-T") << "arch:swin_tiny_patch4_window7_224";
  }

  void realSizesExportInTime() {
    QFETCH(QString, arch);
    QElapsedTimer timer;
    timer.start();
    const auto r = runCli({"export", "--model", arch, "--onnx", path("arch.onnx"), "--json", "--threads", "2"});
    const auto ms = timer.elapsed();
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    qInfo("%s: exported in %lld ms", qPrintable(arch), static_cast<long long>(ms));
    QVERIFY2(ms < timeBudgetMs(30000), qPrintable(QString::number(ms)));
  }
};

QTEST_GUILESS_MAIN(TestCliExport)
#include "tst_cli_export.moc"
