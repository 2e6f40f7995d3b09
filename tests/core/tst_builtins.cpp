// Every built-in model shipped in resources/models loads, records how it was trained, and reaches its
// recorded Fashion-MNIST test accuracy when evaluated again here.
#include "core/data/dataset.h"
#include "core/eval/evaluate.h"
#include "core/model/zoo.h"

#include <QtTest/QtTest>
#include <torch/torch.h>

class TestBuiltins : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void initTestCase() { torch::set_num_threads(2); }

  void recordedAccuracy_data() {
    QTest::addColumn<QString>("name");
    for (const auto& name : vq::builtinModelNames()) QTest::newRow(name.c_str()) << QString::fromStdString(name);
    if (vq::builtinModelNames().empty()) QSKIP("no built-in models are installed yet");
  }

  void recordedAccuracy() {
    QFETCH(QString, name);
    const auto loaded = vq::loadModel("builtin:" + name.toStdString());
    const auto& training = loaded.config.extra.at("training");
    QVERIFY(training.at("command").get<std::string>().rfind("vitquant train --arch ", 0) == 0);
    QCOMPARE(loaded.config.pretrained.labelNames, vq::fashionMnistLabelNames());
    const double recorded = training.at("test_top1").get<double>();
    const auto data = vq::openDataset("fashion-mnist:test");
    const auto result = vq::evaluate(*loaded.model, loaded.config.pretrained, *data, {});
    qInfo("%s: top1 %.4f (recorded %.4f), %.1f s", qPrintable(name), result.top1, recorded, result.seconds);
    QCOMPARE(result.n, int64_t{10000});
    // Thread counts may flip an argmax on a borderline image or two, no more.
    QVERIFY2(std::abs(result.top1 - recorded) <= 0.001, qPrintable(QString::number(result.top1)));
  }
};

QTEST_APPLESS_MAIN(TestBuiltins)
#include "tst_builtins.moc"
