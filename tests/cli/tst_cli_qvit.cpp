// Q-ViT from the command line: a short QAT run (--epochs) saves a model whose quant.json carries the
// IRM, `analyze entropy` compares it with the float model and with an IRM-less run (text, JSON and an
// image's attention maps), a cancelled run keeps its best checkpoint, and bad input gets one error line.
#include "cli_runner.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <csignal>

class TestCliQvit : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  QString irm_, baseline_, image_;
  const QString model_ = "builtin:deit-fashion";

  QStringList quantizeArgs(const QString& save, const QStringList& extra, const QString& epochs = "1", const QString& val = "256") {
    return QStringList{"quantize", "--model", model_, "--method", "qvit", "--wbits", "4", "--abits", "4", "--calib", "64",
                       "--epochs", epochs, "--set", "train_images=256", "--set", "val_images=" + val, "--set", "batch=32", "--set",
                       "init_images=64", "--eval-limit", "300", "--threads", "2", "--save", save, "--json"} +
           extra;
  }

  QJsonObject runJson(const QStringList& args) {
    const auto r = runCli(args, 600000);
    [&] { QVERIFY2(r.exitCode == 0 && !r.crashed, qPrintable(r.err)); }();
    return QJsonDocument::fromJson(r.out.toUtf8()).object();
  }

private Q_SLOTS:
  void initTestCase() {
    irm_ = tmp_.filePath("irm");
    baseline_ = tmp_.filePath("baseline");
    const auto q = runJson(quantizeArgs(irm_, {}));
    QCOMPARE(q["method"].toString(), QString("qvit"));
    QCOMPARE(q["options"].toObject()["epochs"].toInt(), 1);
    QCOMPARE(q["report"].toObject()["irm_sites"].toInt(), 8);
    QCOMPARE(q["report"].toObject()["epochs"].toArray().size(), 1);
    QVERIFY(q["top1"].toDouble() > 0.5);
    runJson(quantizeArgs(baseline_, {"--set", "irm=off", "--set", "dgd=off"}));
    QFile quant(irm_ + "/quant.json");
    QVERIFY(quant.open(QIODevice::ReadOnly));
    const auto sites = QJsonDocument::fromJson(quant.readAll()).object()["sites"].toObject();
    QCOMPARE(sites["blocks.0.attn.q"].toObject()["type"].toString(), QString("irm"));
    QCOMPARE(sites["blocks.0.attn.v"].toObject()["type"].toString(), QString("static"));

    image_ = tmp_.filePath("bag.png");
    QImage img(28, 28, QImage::Format_Grayscale8);
    img.fill(0);
    for (int y = 6; y < 24; ++y)
      for (int x = 4; x < 24; ++x) img.setPixel(x, y, qRgb(200, 200, 200));
    QVERIFY(img.save(image_));
  }

  void entropyComparesFloatBaselineAndIrm() {
    const auto j = runJson({"analyze", "entropy", "--model", model_, "--quant", baseline_, "--quant", irm_, "--images", "32", "--image",
                            image_, "--threads", "2", "--json"});
    QCOMPARE(j["images"].toInt(), 32);
    QCOMPARE(j["fp"].toObject()["bits"].toInt(), 4);
    QCOMPARE(j["fp"].toObject()["layers"].toArray().size(), 4);
    const auto quantized = j["quantized"].toArray();
    QCOMPARE(quantized.size(), 2);
    QVERIFY(!quantized[0].toObject()["irm"].toBool());
    QVERIFY(quantized[1].toObject()["irm"].toBool());
    for (const auto& q : quantized) {
      const double mean = q.toObject()["mean_q_entropy"].toDouble();
      QVERIFY(mean > 1.0 && mean <= 4.0);
    }
    const auto maps = j["maps"].toObject();
    QCOMPARE(maps["fp"].toObject()["layer"].toString(), QString("blocks.3.attn"));
    QCOMPARE(maps["fp"].toObject()["mean"].toArray().size(), 28 * 28);
    QCOMPARE(maps["quantized"].toArray()[1].toObject()["heads"].toArray().size(), 3);

    const auto text = runCli({"analyze", "entropy", "--model", model_, "--quant", irm_, "--images", "8"});
    QCOMPARE(text.exitCode, 0);
    QVERIFY(text.out.contains("blocks.3.attn") && text.out.contains("mean q"));
  }

  void cancelledRunKeepsItsBestCheckpoint() {
    // Ctrl-C after the first epoch: its checkpoint stays, and the run says so (no validation images: every
    // finished epoch is the one kept).
    const QString dir = tmp_.filePath("cancelled");
    QProcess p;
    auto args = quantizeArgs(dir, {}, "50", "0");
    args.removeAll("--json");
    p.start(VQ_CLI, args);
    QVERIFY(p.waitForStarted());
    QElapsedTimer timer;
    timer.start();
    while (!QFile::exists(dir + "/quant.json") && timer.elapsed() < 300000) QTest::qWait(200);
    QVERIFY(QFile::exists(dir + "/quant.json"));
    ::kill(static_cast<pid_t>(p.processId()), SIGINT);
    QVERIFY(p.waitForFinished(120000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QVERIFY(p.exitCode() != 0);
    const auto err = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(err.contains("interrupted: ") && err.contains("error: cancelled"), qPrintable(err));
    const auto reopened = runCli({"eval", "--model", dir, "--data", "fashion-mnist", "--limit", "50", "--json"});
    QCOMPARE(reopened.exitCode, 0);
  }

  void badInputGetsOneLine() {
    verifyCliError({"analyze", "entropy", "--model", irm_}, 1, irm_);
    verifyCliError({"analyze", "entropy", "--model", model_, "--quant", tmp_.filePath("nowhere")}, 1, "nowhere");
    verifyCliError({"analyze", "entropy", "--model", "builtin:swin-fashion", "--quant", irm_}, 1, "not a");
    verifyCliError({"analyze", "entropy", "--model", model_, "--image", image_, "--layer", "blocks.7.attn"}, 2, "blocks.7.attn");
    verifyCliError({"quantize", "--model", model_, "--method", "qvit", "--wbits", "4", "--abits", "4", "--set", "distill=teacher"}, 2,
                   "distill");
    verifyCliError({"quantize", "--model", model_, "--method", "minmax", "--wbits", "4", "--abits", "4", "--epochs", "2"}, 2, "epochs");
  }
};

QTEST_GUILESS_MAIN(TestCliQvit)
#include "tst_cli_qvit.moc"
