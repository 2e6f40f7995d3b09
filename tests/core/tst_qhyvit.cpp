// Q-HyViT's pieces: BatchNorm folding (exact), bridge blocks found from the architecture at any size,
// the zero-point overflow measure on hand-made channels (exact code counts), and the method on the
// golden MobileViT models: every layer's searched error at most its min-max error, choices reported,
// saved in quant.json and read back; the zero-point overflow the default quantizers can now suffer, and
// per-channel inputs only where a kernel can run them.
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

// The outcome with its report in the JSON form run.json and quant.json keep.
struct QhyvitRun : vq::MethodOutcome {
  nlohmann::json reportJson;
};

QhyvitRun runQhyvit(const vq::LoadedModel& fp, const torch::Tensor& images, std::map<std::string, std::string> given) {
  given.emplace("candidates", "12");
  given.emplace("rounds", "1");
  vq::MethodOptions options(std::move(given), "qhyvit");
  vq::MethodContext ctx{fp, images, 6, 6, 0, options, {}, {}, {}, {}};
  auto out = vq::methodByName("qhyvit").run(ctx);
  auto json = vq::toJson(out.report);
  return {{std::move(out)}, std::move(json)};
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

    // What the overflow costs, with the quantizer Q-HyViT uses (measured range, zero-point in b bits): channel 0
    // needs z = round(-127.5) = -128, which clamps to 0, so its grid is [0, 2] and the 3s come back as 2 — the
    // top half of [1, 3] lost, as the analysis says (128 of 255 codes). Widening the range to contain 0 (BRECQ's
    // quantizer, range_includes_zero=on) cannot overflow: its zero-points always lie in the codes.
    vq::QuantizerSpec stored{vq::QuantScheme::UniformAsymmetric, 8, vq::Granularity::PerChannel, 1};
    stored.rangeIncludesZero = false;
    stored.clampZeroPoint = true;
    const auto p = vq::minMaxParams(images, stored);
    QCOMPARE(p.zeroPoint.flatten()[0].item<float>(), 0.0f);
    QCOMPARE(p.zeroPoint.flatten()[2].item<float>(), 255.0f);
    const auto back = vq::fakeQuantize(images, p);
    QVERIFY(std::abs(back[1][0].max().item<float>() - 2.0f) < 1e-5f);
    QVERIFY((back.select(1, 1) - images.select(1, 1)).abs().max().item<float>() <= 1.01f / 255);  // the mixed-sign channel keeps its range
    vq::QuantizerSpec widened{vq::QuantScheme::UniformAsymmetric, 8, vq::Granularity::PerChannel, 1};
    const auto w = vq::minMaxParams(images, widened);
    QVERIFY((w.zeroPoint >= 0).all().item<bool>() && (w.zeroPoint <= 255).all().item<bool>());
    QVERIFY((vq::fakeQuantize(images, w) - images).abs().max().item<float>() < 4.0f / 255);
  }

  void overflowIsMeasuredInTheSearch() {
    // The same measure inside the search: each layer reports its input channels whose per-channel asymmetric
    // zero-point overflows, and they agree with the analysis of the float model. Images shifted to be
    // positive make channels of the first quantized inputs one-signed.
    const auto fp = vq::loadModel(golden("mobilevit_xxs_img64"));
    torch::manual_seed(3);
    const auto images = torch::rand({4, 3, 64, 64}) + 0.5;
    const auto measured = runQhyvit(fp, images, {{"fake_quant_granularity", "on"}});
    std::map<std::string, int64_t> analysed;
    for (const auto& z : vq::zeroPointOverflow(*fp.model, images, 6)) analysed[z.site] = z.clamped;
    int64_t overflowing = 0, clamped = 0;
    int compared = 0;
    for (const auto& l : measured.reportJson.at("layers")) {
      const auto n = l.at("zero_point_overflow_channels").get<int64_t>();
      overflowing += n;
      clamped += l.at("clamped_zero_points").get<int64_t>();
      const auto site = l.at("layer").get<std::string>() + ".input";
      if (!l.at("input_quantized").get<bool>() || !l.at("bridge").get<std::string>().empty() || !analysed.count(site)) continue;
      QVERIFY2(n == analysed.at(site), site.c_str());
      ++compared;
    }
    QVERIFY(compared > 20);
    QVERIFY(overflowing > 0);
    QCOMPARE(measured.reportJson.at("summary").at("clamped_zero_points").get<int64_t>(), clamped);
    // With ranges widened to contain 0 nothing can overflow or clamp.
    const auto widened = runQhyvit(fp, images, {{"range_includes_zero", "on"}});
    for (const auto& l : widened.reportJson.at("layers")) QCOMPARE(l.at("zero_point_overflow_channels").get<int64_t>(), int64_t{0});
    QCOMPARE(widened.reportJson.at("summary").at("clamped_zero_points").get<int64_t>(), int64_t{0});
  }

  void perChannelInputsOnlyWhereAKernelCanRunThem() {
    const auto fp = vq::loadModel(golden("mobilevit_xxs_img64"));
    torch::manual_seed(4);
    const auto images = torch::randn({4, 3, 64, 64});
    // Default: only depthwise convolutions may take per-channel inputs, so the model is deployable.
    const auto deployable = runQhyvit(fp, images, {});
    int depthwise = 0;
    for (const auto& l : deployable.reportJson.at("layers")) {
      const bool dw = l.at("depthwise").get<bool>();
      depthwise += dw;
      if (l.at("input_quantized").get<bool>()) QCOMPARE(l.at("combo_errors").size(), size_t{dw ? 4u : 2u});
      if (!dw) QVERIFY2(l.at("granularity") != "per_channel", l.at("layer").get<std::string>().c_str());
    }
    QVERIFY(depthwise > 5);
    QCOMPARE(deployable.reportJson.at("summary").at("per_channel_reduction_inputs").get<int>(), 0);
    QVERIFY(deployable.reportJson.at("summary").at("deployable").get<bool>());
    // fake_quant_granularity=on searches every layer; where it picks a per-channel Linear/conv input the
    // result is flagged as not deployable.
    const auto any = runQhyvit(fp, images, {{"fake_quant_granularity", "on"}});
    int reduction = 0;
    for (const auto& l : any.reportJson.at("layers")) {
      if (l.at("input_quantized").get<bool>()) QCOMPARE(l.at("combo_errors").size(), size_t{4});
      reduction += l.at("granularity") == "per_channel" && !l.at("depthwise").get<bool>();
    }
    QVERIFY(reduction > 0);
    QCOMPARE(any.reportJson.at("summary").at("per_channel_reduction_inputs").get<int>(), reduction);
    QVERIFY(!any.reportJson.at("summary").at("deployable").get<bool>());
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
    const auto& layers = out.reportJson.at("layers");
    QVERIFY(layers.size() > 20);
    int bridged = 0;
    for (const auto& l : layers) {
      QVERIFY2(l.at("error").get<double>() <= l.at("minmax_error").get<double>() * (1 + 1e-6) + 1e-12, l.at("layer").get<std::string>().c_str());
      QCOMPARE(l.at("combo_errors").size(), size_t{l.at("input_quantized").get<bool>() && l.at("depthwise").get<bool>() ? 4u : 2u});
      if (!l.at("bridge").get<std::string>().empty()) ++bridged;
      if (l.at("layer") == bridgeLayer.toStdString()) QCOMPARE(l.at("bridge").get<std::string>(), std::string("stages.2.1"));
    }
    QCOMPARE(bridged, 6);
    QVERIFY(!out.reportJson.at("folded_batchnorms").empty());
    // End to end, the searched model (BatchNorm folded) is closer to the float logits than the same method with
    // the granularity, scheme and bridge searches off. (Argmax agreement is no measure here: the fixtures'
    // untrained logits on noise are near-tied.)
    torch::NoGradGuard noGrad;
    const auto plain = runQhyvit(fp, images, {{"granularity_search", "off"}, {"scheme_search", "off"}, {"bridge", "off"}});
    const auto reference = fp.model->forward(images);
    const double searchedError = relDiff(out.model.model().forward(images), reference);
    const double plainError = relDiff(plain.model.model().forward(images), reference);
    QVERIFY2(searchedError < plainError, qPrintable(QStringLiteral("searched %1, plain %2").arg(searchedError).arg(plainError)));
    QVERIFY(searchedError < 0.5);

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
    for (const auto& l : plain.reportJson.at("layers")) {
      QCOMPARE(l.at("scheme").get<std::string>(), std::string("uniform_asym"));
      QVERIFY(l.at("granularity") != "per_channel");
      QVERIFY(l.at("bridge").get<std::string>().empty());
    }
    // The official code's rule: symmetric, depthwise inputs per channel, the rest per tensor.
    const auto code = runQhyvit(fp, images, {{"code_shortcut", "on"}});
    for (const auto& l : code.reportJson.at("layers")) {
      QCOMPARE(l.at("scheme").get<std::string>(), std::string("uniform_sym"));
      if (l.at("layer") == "stages.0.0.conv2_kxk.conv") QCOMPARE(l.at("granularity").get<std::string>(), std::string("per_channel"));
      if (l.at("layer") == "stages.0.0.conv1_1x1.conv") QCOMPARE(l.at("granularity").get<std::string>(), std::string("per_tensor"));
    }
  }
};

QTEST_GUILESS_MAIN(TestQhyvit)
#include "tst_qhyvit.moc"
