// The per-site quantizers: LSQ's step gradient against its closed form, AdaRound's start, hardening
// and regulariser, per-token dynamic ranges, and quant.json's codec (round trip and every refusal).
#include "core/quant/quant_json.h"
#include "core/quant/site_quantizer.h"
#include "input_errors.h"

#include <QtTest/QtTest>
#include <torch/torch.h>

using vq::Granularity;
using vq::QuantScheme;

namespace {

vq::QuantParams scalarParams(QuantScheme scheme, int bits, float scale, float zero) {
  vq::QuantParams p;
  p.spec = {scheme, bits};
  p.scale = torch::full({}, scale);
  p.zeroPoint = torch::full({}, zero);
  return p;
}

}  // namespace

class TestSiteQuantizers : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void lsqStepGradient() {
    // 3-bit symmetric, s = 0.5: x/s = -6, -2.4, 0.6, 1.48, 10 → codes -4 (clamped), -2, 1, 1, 3 (clamped).
    vq::StaticQuantizer q(scalarParams(QuantScheme::UniformSymmetric, 3, 0.5f, 0.0f));
    q.learnStep();
    auto x = torch::tensor({-3.0f, -1.2f, 0.3f, 0.74f, 5.0f}).requires_grad_(true);
    const auto y = q.apply(x);
    QVERIFY(torch::allclose(y, torch::tensor({-2.0f, -1.0f, 0.5f, 0.5f, 1.5f})));
    y.sum().backward();
    // STE: gradient 1 inside the grid, 0 where the code was clamped.
    QVERIFY(torch::equal(x.grad(), torch::tensor({0.0f, 1.0f, 1.0f, 1.0f, 0.0f})));
    // LSQ: dŷ/ds = round(x/s) − x/s inside, the clamped code outside; scaled by 1/sqrt(N·Qp), N = 5, Qp = 3.
    const double expected = (-4 + (-2 + 2.4) + (1 - 0.6) + (1 - 1.48) + 3) / std::sqrt(5.0 * 3.0);
    const auto grads = q.trainable();
    QCOMPARE(grads.size(), size_t{1});
    QVERIFY(std::abs(grads[0].grad().item<double>() - expected) < 1e-5);
    q.freeze();
    QVERIFY(q.trainable().empty());
    QVERIFY(!q.params().scale.requires_grad());
  }

  void lsqPlusOffsetGradient() {
    // 2-bit asymmetric, s = 1, z = 1 (codes 0..3 ↔ values -1..2): x = -3 clamps low, 5 clamps high, 0.4 inside.
    vq::StaticQuantizer q(scalarParams(QuantScheme::UniformAsymmetric, 2, 1.0f, 1.0f));
    q.learnStep(/*offset=*/true);
    const auto x = torch::tensor({-3.0f, 0.4f, 5.0f});
    q.apply(x).sum().backward();
    const auto t = q.trainable();
    QCOMPARE(t.size(), size_t{2});
    // ŷ = (clamp(⌊x/s⌉ + z) − z)·s: inside, z cancels (0); a clamped code no longer moves with z (−s each).
    // Both gradients are scaled by 1/sqrt(N·Qp) = 1/3.
    QVERIFY(std::abs(t[1].grad().item<double>() - (-2.0 / 3.0)) < 1e-6);
    // Step: clamped codes minus z (0 − 1 = −1 and 3 − 1 = 2) plus ⌊0.4⌉ − 0.4 = −0.4 inside.
    QVERIFY(std::abs(t[0].grad().item<double>() - (-1.0 + 2.0 - 0.4) / 3.0) < 1e-6);
    torch::NoGradGuard noGrad;
    t[1].fill_(1.4f);
    q.freeze();
    QCOMPARE(q.params().zeroPoint.item<float>(), 1.0f);
  }

  void adaRoundStartsAtTheFloatWeight() {
    torch::manual_seed(1);
    const auto w = torch::randn({4, 6});
    const auto p = vq::minMaxParams(w, {QuantScheme::UniformAsymmetric, 4, Granularity::PerChannel, 0});
    vq::AdaRoundQuantizer q(w, p);
    // h(V) starts at the fractional part: the soft weight is the float weight (up to the 1e-4 clamp of h),
    // except where the grid itself clips it (z is rounded, so a channel's minimum may lie just outside).
    const auto clipped = ((w / p.scale + p.zeroPoint).clamp(0, 15) - p.zeroPoint) * p.scale;
    const float err = (q.apply(w) - clipped).abs().max().item<float>(), bound = 1.01e-4f * p.scale.max().item<float>();
    QVERIFY2(err <= bound, qPrintable(QString("%1 > %2").arg(err).arg(bound)));
    // Hardening before any learning is round-to-nearest.
    QVERIFY(torch::allclose(q.hardenedWeight(), vq::fakeQuantize(w, p)));
    // Every h(V) near ½ at the start makes the regulariser large; saturated V makes it 0.
    QVERIFY(q.roundingLoss(2.0).item<float>() > 0.0f);
    torch::NoGradGuard noGrad;
    auto v = q.trainable()[0];
    v.fill_(10.0f);
    QCOMPARE(q.roundingLoss(20.0).item<float>(), 0.0f);
    // All rounded up: codes = ⌊w/s⌋ + 1 (clamped to the grid).
    const auto up = (torch::floor(w / p.scale) + 1 + p.zeroPoint).clamp(0, 15);
    QVERIFY(torch::allclose(q.hardenedWeight(), (up - p.zeroPoint) * p.scale));
  }

  void dynamicPerToken() {
    vq::DynamicQuantizer q({QuantScheme::UniformAsymmetric, 8, Granularity::PerToken});
    const auto x = torch::tensor({{0.0f, 1.0f, 2.0f}, {-100.0f, 0.0f, 100.0f}});
    const auto y = q.apply(x);
    // Each row gets its own range: the small row is not crushed by the large one.
    QVERIFY((y[0] - x[0]).abs().max().item<float>() < 2.0f / 255.0f);
  }

  void jsonRoundTrip() {
    torch::manual_seed(2);
    const auto w = torch::randn({5, 3, 2, 2});
    const auto p = vq::minMaxParams(w, {QuantScheme::UniformAsymmetric, 3, Granularity::PerChannel, 0});
    vq::StaticQuantizer original(p);
    const auto j = original.toJson();
    QCOMPARE(j["type"].get<std::string>(), std::string("static"));
    QCOMPARE(j["shape"].get<std::vector<int64_t>>(), (std::vector<int64_t>{5, 1, 1, 1}));
    const auto back = vq::quantizerFromJson(nlohmann::json::parse(j.dump()), "quant.json", "conv.weight");
    QVERIFY(torch::equal(back->apply(w), original.apply(w)));
    const auto dyn = vq::quantizerFromJson(vq::dynamicQuantizerJson({QuantScheme::UniformAsymmetric, 8, Granularity::PerToken}), "q", "s");
    QVERIFY(std::dynamic_pointer_cast<vq::DynamicQuantizer>(dyn) != nullptr);
  }

  void jsonKeepsTheZeroPointFlags() {
    vq::QuantizerSpec spec{QuantScheme::UniformAsymmetric, 8, Granularity::PerToken};
    spec.rangeIncludesZero = false;
    spec.clampZeroPoint = true;
    const auto j = vq::dynamicQuantizerJson(spec);
    QCOMPARE(j["range_includes_zero"].get<bool>(), false);
    QCOMPARE(j["clamp_zero_point"].get<bool>(), true);
    QCOMPARE(vq::quantizerFromJson(j, "q", "s")->toJson(), j);
    // At run time a one-signed row [5, 6] gets its own 255 steps with a free zero-point; stored in 8 bits, the
    // zero-point clamps to 0 and the grid ends at 255 steps of ~1/255: everything comes back as about 1.
    torch::manual_seed(5);
    const auto x = 5.0 + torch::rand({2, 64});
    QVERIFY(vq::quantizerFromJson(j, "q", "s")->apply(x).max().item<float>() <= 1.01f);
    spec.clampZeroPoint = false;
    QVERIFY((vq::quantizerFromJson(vq::dynamicQuantizerJson(spec), "q", "s")->apply(x) - x).abs().max().item<float>() <= 0.5f / 255 * 1.01f);
    // Files written before the flags existed read as before: ranges contain 0, zero-points unclamped.
    auto old = vq::staticQuantizerJson(vq::minMaxParams(x, {QuantScheme::UniformAsymmetric, 8}));
    old.erase("range_includes_zero");
    old.erase("clamp_zero_point");
    const auto back = vq::quantizerFromJson(old, "q", "s")->toJson();
    QCOMPARE(back["range_includes_zero"].get<bool>(), true);
    QCOMPARE(back["clamp_zero_point"].get<bool>(), false);
  }

  void aNarrowRangeFarFromZeroSavesAndLoads() {
    // [5, 5.0001] as measured at 8 bits would need s ≈ 4e-7 and z ≈ -1.3e7: beyond float32's integer resolution
    // and refused by quant.json. The step grows just enough to keep |z| at 65536, and the values stay close.
    vq::QuantizerSpec spec{QuantScheme::UniformAsymmetric, 8};
    spec.rangeIncludesZero = false;
    const auto x = 5.0 + 1e-4 * torch::linspace(0, 1, 33);
    const auto params = vq::minMaxParams(x, spec);
    QVERIFY(params.zeroPoint.abs().item<double>() <= 65536);
    const auto loaded = vq::quantizerFromJson(vq::staticQuantizerJson(params), "q", "s");
    QVERIFY((loaded->apply(x) - x).abs().max().item<double>() <= 0.5 * params.scale.item<double>() * 1.01);
    QVERIFY(params.scale.item<double>() <= 5.0001 / 65536 * 1.01);
  }

  void jsonRefusals_data() {
    QTest::addColumn<QString>("patch");  // a JSON merge-patch applied to a valid entry
    QTest::addColumn<QString>("mentions");
    QTest::newRow("type") << R"({"type":"magic"})" << "unknown quantizer type";
    QTest::newRow("scheme") << R"({"scheme":"ternary"})" << "ternary";
    QTest::newRow("bits") << R"({"bits":9})" << "bits must be 2..8";
    QTest::newRow("bits-type") << R"({"bits":"4"})" << "\"bits\" is not an integer";
    QTest::newRow("missing-scale") << R"({"scale":null})" << "missing \"scale\"";
    QTest::newRow("count") << R"({"scale":[1.0]})" << "array of 2 numbers";
    QTest::newRow("negative-scale") << R"({"scale":[1.0,-1.0]})" << "scale must be > 0";
    QTest::newRow("zero-point") << R"({"zero_point":[0.5,1]})" << "zero points must be integers";
    QTest::newRow("shape") << R"({"shape":[2,-1]})" << "invalid size";
    QTest::newRow("granularity") << R"({"granularity":"per_pixel"})" << "per_pixel";
    QTest::newRow("dynamic-per-tensor") << R"({"type":"dynamic"})" << "must be per_token";
    QTest::newRow("range-flag") << R"({"range_includes_zero":"no"})" << "\"range_includes_zero\" is not true or false";
  }

  void jsonRefusals() {
    QFETCH(QString, patch);
    QFETCH(QString, mentions);
    vq::QuantParams p;
    p.spec = {QuantScheme::UniformAsymmetric, 4, Granularity::PerChannel, 0};
    p.scale = torch::tensor({0.1f, 0.2f}).reshape({2, 1});
    p.zeroPoint = torch::tensor({3.0f, 4.0f}).reshape({2, 1});
    auto j = vq::staticQuantizerJson(p);
    j.merge_patch(nlohmann::json::parse(patch.toStdString()));
    const auto message = expectInputError([&] { vq::quantizerFromJson(j, "dir/quant.json", "blocks.0.attn.qkv.weight"); });
    QVERIFY2(message.startsWith("dir/quant.json: site 'blocks.0.attn.qkv.weight': "), qPrintable(message));
    QVERIFY2(message.contains(mentions), qPrintable(message));
  }
};

QTEST_GUILESS_MAIN(TestSiteQuantizers)
#include "tst_site_quantizers.moc"
