// Parity with timm: every fixture folder (tests/data/golden from shared/, tests/data/parity made the same way) (config.json + model.safetensors + input/output)
// must reproduce timm's logits and features with rel = max|Δ|/max|ref| <= 1e-5 in float32.
#include "core/io/safetensors.h"
#include "core/model/zoo.h"
#include "core/util/error.h"

#include <QtTest/QtTest>
#include <torch/torch.h>

#include <filesystem>

namespace fs = std::filesystem;

class TestParity : public QObject {
  Q_OBJECT

  static double rel(const torch::Tensor& y, const torch::Tensor& ref) {
    return ((y - ref).abs().max() / ref.abs().max()).item<double>();
  }

private Q_SLOTS:
  void initTestCase() { torch::set_num_threads(2); }

  void goldenModels_data() {
    QTest::addColumn<QString>("folder");
    for (const char* set : {"golden", "parity"})
      for (const auto& entry : fs::directory_iterator(fs::path(VQ_TEST_DATA) / set))
        if (entry.is_directory())
          QTest::newRow((std::string(set) + "/" + entry.path().filename().string()).c_str())
              << QString::fromStdString(entry.path().string());
  }

  void goldenModels() {
    QFETCH(QString, folder);
    const auto dir = folder.toStdString();
    vq::LoadedModel loaded;
    try {
      loaded = vq::loadModel(dir);
    } catch (const vq::Error& e) {
      QFAIL(e.what());
    }
    const auto input = vq::readSafetensors(dir + "/input.safetensors").tensors.at("input");
    const auto expected = vq::readSafetensors(dir + "/output.safetensors");
    torch::NoGradGuard noGrad;
    const auto features = loaded.model->forwardFeatures(input);
    const auto logits = loaded.model->forwardHead(features);
    const auto& refLogits = expected.tensors.at("logits");
    const auto& refFeatures = expected.tensors.at("features");
    QCOMPARE(logits.sizes().vec(), refLogits.sizes().vec());
    QCOMPARE(features.sizes().vec(), refFeatures.sizes().vec());
    const double relLogits = rel(logits, refLogits), relFeatures = rel(features, refFeatures);
    qInfo("%s: rel logits %.3g, rel features %.3g", qPrintable(folder), relLogits, relFeatures);
    QVERIFY2(relLogits <= 1e-5, qPrintable(QString("logits rel %1").arg(relLogits)));
    QVERIFY2(relFeatures <= 1e-5, qPrintable(QString("features rel %1").arg(relFeatures)));
  }
};

QTEST_APPLESS_MAIN(TestParity)
#include "tst_parity.moc"
