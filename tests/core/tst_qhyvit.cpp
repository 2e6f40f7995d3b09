// Q-HyViT's pieces: BatchNorm folding (exact), bridge blocks found from the architecture at any size,
// the zero-point overflow measure on hand-made channels (exact code counts), and the method on the
// golden MobileViT models: every layer's searched error at most its min-max error, choices reported,
// saved in quant.json and read back.
#include "core/analysis/zero_point.h"
#include "core/methods/method.h"
#include "core/quant/batchnorm_fold.h"
#include "core/quant/quant_model.h"

#include <QtTest/QtTest>

#include <filesystem>

namespace fs = std::filesystem;

namespace {

std::string golden(const std::string& name) { return (fs::path(VQ_TEST_DATA) / "golden" / name).string(); }

double relDiff(const torch::Tensor& a, const torch::Tensor& b) { return ((a - b).abs().max() / b.abs().max()).item<double>(); }

vq::MethodOutcome runQhyvit(const vq::LoadedModel& fp, const torch::Tensor& images, std::map<std::string, std::string> given) {
  given.emplace("candidates", "12");
  given.emplace("rounds", "1");
  vq::MethodOptions options(std::move(given), "qhyvit");
  vq::MethodContext ctx{fp, images, 6, 6, 0, options, {}, {}, {}, {}};
  return vq::methodByName("qhyvit").run(ctx);
}

}  // namespace

class TestQhyvit : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void foldingKeepsTheFunction_data() {
    QTest::addColumn<QString>("model");
    QTest::newRow("mobilevit v1") << "mobilevit_xxs_img64";
    QTest::newRow("mobilevit v2") << "mobilevitv2_050_img64";
  }
  void foldingKeepsTheFunction() {
    QFETCH(QString, model);
    auto loaded = vq::loadModel(golden(model.toStdString()));
    torch::manual_seed(0);
    const auto x = torch::randn({2, 3, 64, 64});
    torch::NoGradGuard noGrad;
    const auto before = loaded.model->forward(x);
    const auto folded = vq::foldBatchNorms(*loaded.model);
    QVERIFY(folded.size() > 10);
    QVERIFY(relDiff(loaded.model->forward(x), before) < 1e-5);
    // Folding again changes nothing: every BatchNorm is a plain shift now.
    vq::foldBatchNorms(*loaded.model);
    QVERIFY(relDiff(loaded.model->forward(x), before) < 1e-5);
  }

  void bridgesComeFromTheArchitecture() {
    // One bridge per MobileViT block, whatever the size: conv_1x1 → the first layer on the patches.
    for (const char* arch : {"mobilevit_xxs", "mobilevit_s"}) {
      const auto model = vq::loadModel(std::string("arch:") + arch).model;
      const auto& b = model->bridges();
      QCOMPARE(b.size(), size_t{3});
      QCOMPARE(b[0].path, std::string("stages.2.1"));
      QCOMPARE(b[0].layers, (std::vector<std::string>{"stages.2.1.conv_1x1", "stages.2.1.transformer.0.attn.qkv"}));
      QCOMPARE(b[2].path, std::string("stages.4.1"));
    }
    const auto v2 = vq::loadModel("arch:mobilevitv2_075").model;
    QCOMPARE(v2->bridges().size(), size_t{3});
    QCOMPARE(v2->bridges()[1].layers, (std::vector<std::string>{"stages.3.1.conv_1x1", "stages.3.1.transformer.0.attn.qkv_proj"}));
    QVERIFY(vq::loadModel("arch:deit_tiny_patch16_224").model->bridges().empty());
  }

  void zeroPointOverflowCountsCodes() {
    // The stem's input: channel 0 in {1, 3} (all positive), 1 in {−1, 1}, 2 in {−4, −2} (all negative).
    auto loaded = vq::loadModel(golden("mobilevit_xxs_img64"));
    auto images = torch::empty({2, 3, 64, 64});
    images[0][0].fill_(1), images[1][0].fill_(3);
    images[0][1].fill_(-1), images[1][1].fill_(1);
    images[0][2].fill_(-4), images[1][2].fill_(-2);
    const auto sites = vq::zeroPointOverflow(*loaded.model, images, 8);
    const auto stem = std::find_if(sites.begin(), sites.end(), [](const auto& z) { return z.site == "stem.conv.input"; });
    QVERIFY(stem != sites.end());
    QCOMPARE(stem->channels, int64_t{3});
    QCOMPARE(stem->clamped, int64_t{2});
    // s = 2/255: channel 0 needs round(1/s) = round(127.5) = 128 codes below q_min, channel 2 255 above q_max.
    QCOMPARE(stem->worstCodes, 255.0);
    QCOMPARE(stem->worstLostShare, 1.0);
    QVERIFY(!stem->tensorClamped);
    // At 4 bits: s = 2/15, round(7.5) = 8 and 15 codes.
    const auto four = vq::zeroPointOverflow(*loaded.model, images, 4);
    QCOMPARE(std::find_if(four.begin(), four.end(), [](const auto& z) { return z.site == "stem.conv.input"; })->worstCodes, 15.0);
    // A constant positive tensor: every channel, and the tensor, lose their whole range.
    const auto flat = vq::zeroPointOverflow(*loaded.model, torch::full({1, 3, 64, 64}, 2.0), 8);
    const auto flatStem = std::find_if(flat.begin(), flat.end(), [](const auto& z) { return z.site == "stem.conv.input"; });
    QCOMPARE(flatStem->clamped, int64_t{3});
    QCOMPARE(flatStem->worstCodes, 255.0);
    QVERIFY(flatStem->tensorClamped);
  }

  void searchNeverEndsWorseThanMinMax_data() {
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("bridgeLayer");
    QTest::newRow("mobilevit v1") << "mobilevit_xxs_img64" << "stages.2.1.conv_1x1";
    QTest::newRow("mobilevit v2") << "mobilevitv2_050_img64" << "stages.2.1.conv_1x1";
  }
  void searchNeverEndsWorseThanMinMax() {
    QFETCH(QString, model);
    QFETCH(QString, bridgeLayer);
    const auto fp = vq::loadModel(golden(model.toStdString()));
    torch::manual_seed(1);
    const auto images = torch::randn({8, 3, 64, 64});
    auto out = runQhyvit(fp, images, {});
    const auto& layers = out.report.at("layers");
    QVERIFY(layers.size() > 20);
    int bridged = 0;
    for (const auto& l : layers) {
      QVERIFY2(l.at("error").get<double>() <= l.at("minmax_error").get<double>() * (1 + 1e-6) + 1e-12, l.at("layer").get<std::string>().c_str());
      QCOMPARE(l.at("combo_errors").size(), size_t{l.at("input_quantized").get<bool>() ? 4u : 2u});
      if (!l.at("bridge").get<std::string>().empty()) ++bridged;
      if (l.at("layer") == bridgeLayer.toStdString()) QCOMPARE(l.at("bridge").get<std::string>(), std::string("stages.2.1"));
    }
    QCOMPARE(bridged, 6);
    QVERIFY(!out.report.at("folded_batchnorms").empty());
    // The quantized model (BatchNorm folded) still predicts like the float one on most images.
    torch::NoGradGuard noGrad;
    const auto agree = (out.model.model().forward(images).argmax(1) == fp.model->forward(images).argmax(1)).sum().item<int64_t>();
    QVERIFY(agree >= 6);

    // Saved and read back with its choices.
    QTemporaryDir dir;
    out.model.info = {"qhyvit", 6, 6, nlohmann::json::object(), out.model.info.layers};
    vq::saveQuantizedModel(dir.path().toStdString() + "/q", out.model);
    const auto back = vq::openQuantizedModel(dir.path().toStdString() + "/q");
    QCOMPARE(back.info.layers, layers);
    QVERIFY(relDiff(back.model().forward(images), out.model.model().forward(images)) < 1e-5);
  }

  void ablationSwitchesAreHonoured() {
    const auto fp = vq::loadModel(golden("mobilevit_xxs_img64"));
    torch::manual_seed(2);
    const auto images = torch::randn({4, 3, 64, 64});
    const auto plain = runQhyvit(fp, images, {{"granularity_search", "off"}, {"scheme_search", "off"}, {"bridge", "off"}});
    for (const auto& l : plain.report.at("layers")) {
      QCOMPARE(l.at("scheme").get<std::string>(), std::string("uniform_asym"));
      QVERIFY(l.at("granularity") != "per_channel");
      QVERIFY(l.at("bridge").get<std::string>().empty());
    }
    // The official code's rule: symmetric, depthwise inputs per channel, the rest per tensor.
    const auto code = runQhyvit(fp, images, {{"code_shortcut", "on"}});
    for (const auto& l : code.report.at("layers")) {
      QCOMPARE(l.at("scheme").get<std::string>(), std::string("uniform_sym"));
      if (l.at("layer") == "stages.0.0.conv2_kxk.conv") QCOMPARE(l.at("granularity").get<std::string>(), std::string("per_channel"));
      if (l.at("layer") == "stages.0.0.conv1_1x1.conv") QCOMPARE(l.at("granularity").get<std::string>(), std::string("per_tensor"));
    }
  }
};

QTEST_GUILESS_MAIN(TestQhyvit)
#include "tst_qhyvit.moc"
