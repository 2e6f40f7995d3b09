// Reference quantizers: exact integer codes for hand-made inputs (round-half-to-even included),
// bounded reconstruction error against the float input for every scheme and bit width in the table,
// per-channel and per-token statistics, the straight-through gradient, and refused specs.
#include "core/quant/quantizer.h"
#include "core/util/error.h"

#include <QtTest/QtTest>
#include <torch/torch.h>

using vq::Granularity;
using vq::QuantScheme;
using vq::QuantizerSpec;

namespace {

std::vector<int64_t> codesOf(const torch::Tensor& x, const vq::QuantizerSpec& spec) {
  const auto c = vq::quantizeCodes(x, vq::minMaxParams(x, spec)).contiguous();
  return std::vector<int64_t>(c.data_ptr<int64_t>(), c.data_ptr<int64_t>() + c.numel());
}

}  // namespace

class TestQuantizers : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void asymmetricTwoBits() {
    // s = 2/3, z = round(1.5) = 2; x/s = -1.5 -0.75 0 0.375 0.75 1.5 → round-half-even -2 -1 0 0 1 2, + z, clamp [0,3].
    const auto x = torch::tensor({-1.0f, -0.5f, 0.0f, 0.25f, 0.5f, 1.0f});
    QCOMPARE(codesOf(x, {QuantScheme::UniformAsymmetric, 2}), (std::vector<int64_t>{0, 1, 2, 2, 3, 3}));
  }

  void rangeWithoutZero() {
    // One-signed values [1, 3] at 2 bits (docs/design/methods.md §1.3 vs BRECQ's widening, §3.2 C2).
    const auto x = torch::tensor({1.0f, 2.0f, 3.0f});
    // Widened to [0, 3]: s = 1, z = 0; the codes 1 2 3 are exact and code 0 is wasted below the data.
    QuantizerSpec widened{QuantScheme::UniformAsymmetric, 2};
    auto p = vq::minMaxParams(x, widened);
    QCOMPARE(p.scale.item<float>(), 1.0f);
    QCOMPARE(p.zeroPoint.item<float>(), 0.0f);
    // As measured: s = 2/3, z = round(-1.5) = -2 (half to even), outside the codes [0, 3]; x/s = 1.5 3 4.5 →
    // round 2 3 4, + z → 0 1 2, de-quantised (c + 2)·s = 4/3 2 8/3.
    QuantizerSpec measured = widened;
    measured.rangeIncludesZero = false;
    p = vq::minMaxParams(x, measured);
    QCOMPARE(p.zeroPoint.item<float>(), -2.0f);
    QCOMPARE(codesOf(x, measured), (std::vector<int64_t>{0, 1, 2}));
    QVERIFY(torch::allclose(vq::fakeQuantize(x, p), torch::tensor({4.0f / 3, 2.0f, 8.0f / 3})));
    // Zero-point stored in the 2 bits: clamped to 0, so the grid is [0, 2]: 3 is lost to 2 (the overflow).
    QuantizerSpec stored = measured;
    stored.clampZeroPoint = true;
    p = vq::minMaxParams(x, stored);
    QCOMPARE(p.zeroPoint.item<float>(), 0.0f);
    QVERIFY(torch::allclose(vq::fakeQuantize(x, p), torch::tensor({4.0f / 3, 2.0f, 2.0f})));
    // All-negative values clamp at the top code instead.
    p = vq::minMaxParams(-x, stored);
    QCOMPARE(p.zeroPoint.item<float>(), 3.0f);
    // A constant has no range of its own: it is widened to contain 0 whatever the spec says, and stays exact.
    const auto constant = torch::full({4}, 2.5f);
    p = vq::minMaxParams(constant, measured);
    QCOMPARE(p.zeroPoint.item<float>(), 0.0f);
    QVERIFY(torch::allclose(vq::fakeQuantize(constant, p), constant));
    // Symmetric grids contain 0 by construction: the flags change nothing.
    QuantizerSpec sym{QuantScheme::UniformSymmetric, 4};
    const auto a = vq::minMaxParams(x, sym);
    sym.rangeIncludesZero = false;
    sym.clampZeroPoint = true;
    QCOMPARE(vq::minMaxParams(x, sym).scale.item<float>(), a.scale.item<float>());
  }

  void symmetricRoundsHalfToEven() {
    // 8 bits, max|x| = 127 → s = 1 exactly, so x/s are the halves themselves.
    const auto x = torch::tensor({0.5f, 1.5f, 2.5f, -0.5f, -2.5f, -3.5f, 127.0f, -127.0f});
    QCOMPARE(codesOf(x, {QuantScheme::UniformSymmetric, 8}), (std::vector<int64_t>{0, 2, 2, 0, -2, -4, 127, -127}));
    // 3 bits: s = 1/3 → codes clamp to [-4, 3].
    const auto y = torch::tensor({-1.0f, -0.3f, 0.0f, 0.45f, 1.0f});
    QCOMPARE(codesOf(y, {QuantScheme::UniformSymmetric, 3}), (std::vector<int64_t>{-3, -1, 0, 1, 3}));
  }

  void log2Levels() {
    // s = max = 1: -log2 x = 0, 1, 1.74, 10, inf → 0, 1, 2, clamp 7, 7 (the smallest level, 2^-7).
    const auto x = torch::tensor({1.0f, 0.5f, 0.3f, std::ldexp(1.0f, -10), 0.0f});
    const vq::QuantizerSpec spec{QuantScheme::Log2, 3};
    QCOMPARE(codesOf(x, spec), (std::vector<int64_t>{0, 1, 2, 7, 7}));
    const auto p = vq::minMaxParams(x, spec);
    const auto back = vq::dequantizeCodes(vq::quantizeCodes(x, p), p);
    QVERIFY(back.equal(torch::tensor({1.0f, 0.5f, 0.25f, std::ldexp(1.0f, -7), std::ldexp(1.0f, -7)})));
  }

  void perChannelAndPerToken() {
    // Scales 3.5/7 = 0.5 and 0.875/7 = 0.125 are exact, so the halves below are exact halves.
    const auto w = torch::tensor({{-3.5f, 1.75f, 0.25f}, {0.875f, -0.4375f, 0.3125f}});
    const auto p = vq::minMaxParams(w, {QuantScheme::UniformSymmetric, 4, Granularity::PerChannel, 0});
    QCOMPARE(p.scale.sizes().vec(), (std::vector<int64_t>{2, 1}));
    QCOMPARE(p.scale[0].item<float>(), 0.5f);
    QCOMPARE(p.scale[1].item<float>(), 0.125f);
    const auto c = vq::quantizeCodes(w, p);
    // 3.5 → 4, 0.5 → 0, -3.5 → -4, 2.5 → 2 (half to even)
    QVERIFY(c.equal(torch::tensor({{-7, 4, 0}, {7, -4, 2}}, torch::kInt64)));

    const auto tokens = torch::randn({2, 5, 8});
    const auto pt = vq::minMaxParams(tokens, {QuantScheme::UniformAsymmetric, 8, Granularity::PerToken});
    QCOMPARE(pt.scale.sizes().vec(), (std::vector<int64_t>{2, 5, 1}));
  }

  // Inside the calibrated range every scheme reconstructs within half a step (uniform) or within a
  // factor of sqrt(2) (log2, for values above its smallest level).
  void boundedErrorForEveryScheme_data() {
    QTest::addColumn<int>("scheme");
    QTest::addColumn<int>("bits");
    for (const auto& info : vq::quantSchemes())
      for (int bits = 2; bits <= 8; ++bits)
        QTest::newRow((std::string(info.name) + " " + std::to_string(bits)).c_str()) << static_cast<int>(info.scheme) << bits;
  }

  void boundedErrorForEveryScheme() {
    QFETCH(int, scheme);
    QFETCH(int, bits);
    torch::manual_seed(bits);
    const vq::QuantizerSpec spec{static_cast<QuantScheme>(scheme), bits, Granularity::PerChannel, 0};
    const auto& info = vq::schemeInfo(spec.scheme);
    auto x = torch::randn({16, 64}) * torch::rand({16, 1}) * 4;
    if (info.nonNegativeInput) x = torch::softmax(x, 1);
    const auto p = vq::minMaxParams(x, spec);
    const auto q = vq::fakeQuantize(x, p);
    if (spec.scheme == QuantScheme::Log2) {
      const auto smallest = p.scale * std::ldexp(1.0, -static_cast<int>(vq::codeMax(spec)));
      const auto above = x >= smallest;
      const auto ratio = (q / x).masked_select(above);
      QVERIFY(ratio.max().item<double>() <= std::sqrt(2.0) + 1e-5 && ratio.min().item<double>() >= 1 / std::sqrt(2.0) - 1e-5);
    } else {
      const auto err = (q - x).abs() / p.scale;
      QVERIFY2(err.max().item<double>() <= 0.5 + 1e-4, qPrintable(QString::number(err.max().item<double>())));
    }
    // The codes stay inside the spec's range.
    const auto c = vq::quantizeCodes(x, p);
    QVERIFY(c.min().item<int64_t>() >= vq::codeMin(spec) && c.max().item<int64_t>() <= vq::codeMax(spec));
  }

  void straightThroughGradient() {
    auto x = torch::randn({4, 8}).requires_grad_(true);
    const auto p = vq::minMaxParams(x, {QuantScheme::UniformAsymmetric, 3});
    vq::fakeQuantize(x, p).mul(torch::arange(32).reshape({4, 8})).sum().backward();
    QVERIFY(x.grad().equal(torch::arange(32).reshape({4, 8}).to(torch::kFloat32)));
  }

  void refusedSpecs() {
    const auto x = torch::randn({3, 4});
    for (const auto& spec : {vq::QuantizerSpec{QuantScheme::UniformAsymmetric, 1}, vq::QuantizerSpec{QuantScheme::UniformSymmetric, 9},
                             vq::QuantizerSpec{QuantScheme::UniformSymmetric, 4, Granularity::PerChannel, 2}}) {
      try {
        vq::minMaxParams(x, spec);
        QFAIL("an impossible quantizer spec was accepted");
      } catch (const vq::Error& e) {
        QCOMPARE(e.kind(), vq::ErrorKind::Usage);
      }
    }
    QCOMPARE(vq::schemeByName("log2"), QuantScheme::Log2);
  }
};

QTEST_APPLESS_MAIN(TestQuantizers)
#include "tst_quantizers.moc"
