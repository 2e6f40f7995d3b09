// I-ViT's integer operations: exact integers for hand-made inputs, bounded error against the float
// functions they approximate (docs/design/methods.md §4.3–4.6).
#include "core/integer/dyadic.h"
#include "core/integer/int_ops.h"
#include "core/util/error.h"

#include <QtTest/QtTest>
#include <torch/torch.h>

#include <cmath>

using namespace vq;

namespace {

std::vector<int64_t> values(const torch::Tensor& t) {
  const auto c = t.to(torch::kInt64).contiguous();
  return {c.data_ptr<int64_t>(), c.data_ptr<int64_t>() + c.numel()};
}

torch::Tensor ints(std::vector<int64_t> v) { return torch::tensor(v, torch::kInt64); }

// A dyadic of exactly m / 2^shift.
Dyadic exactDyadic(int64_t m, int shift) {
  Dyadic d;
  d.m = torch::tensor({m}, torch::kInt64);
  d.shift = shift;
  return d;
}

}  // namespace

class TestIntegerOps : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void dyadicApproximatesRatios() {
    const auto ratios = torch::tensor({0.3, 1e-4, -0.75, 123.5}, torch::kFloat64);
    const auto d = Dyadic::of(ratios, "test");
    QVERIFY(d.m.abs().max().item<int64_t>() < (int64_t{1} << 31));
    QVERIFY(d.m.abs().max().item<int64_t>() >= (int64_t{1} << 30));  // the largest ratio keeps 31 bits
    // One shared shift: every ratio is within half a unit of the last place of the largest one.
    QVERIFY((d.value() - ratios).abs().max().item<double>() <= std::ldexp(0.5, -d.shift));
    QVERIFY(std::abs(d.value()[3].item<double>() / 123.5 - 1) < 1e-9);
    QVERIFY_THROWS_EXCEPTION(vq::Error, Dyadic::of(std::nan(""), "test"));
    QVERIFY_THROWS_EXCEPTION(vq::Error, Dyadic::of(std::ldexp(1.0, 32), "test"));
  }

  void requantisationRoundsHalfUp() {
    // 0.5 exactly: ±2.5 → 3 and −2; 1.5 → 2; −1.5 → −1.
    const auto half = exactDyadic(1, 1);
    QCOMPARE(values(applyDyadic(ints({5, -5, 3, -3, 4}), half)), (std::vector<int64_t>{3, -2, 2, -1, 2}));
    QCOMPARE(values(clampSigned(ints({300, -300, 127, -128}), 8)), (std::vector<int64_t>{127, -127, 127, -127}));
    QCOMPARE(values(clampSigned(ints({40000, -40000}), 16)), (std::vector<int64_t>{32767, -32767}));
  }

  void requantisationMatchesFloat() {
    torch::manual_seed(1);
    const auto acc = torch::randint(-(1 << 30), 1 << 30, {1000}, torch::kInt64);
    const auto d = Dyadic::of(0.0123456, "test");
    const auto expected = torch::round(acc.to(torch::kFloat64) * d.value());
    QVERIFY((applyDyadic(acc, d).to(torch::kFloat64) - expected).abs().max().item<double>() <= 1.0);
  }

  void shiftExp2ExactValues() {
    // x in 2^-8 steps: 2^0, 2^-1, 2^-0.5 (≈ 1 − 0.25 with the linear mantissa), 2^-2.5, the clip at 2^-15.
    const auto e = intops::shiftExp2(ints({0, -256, -128, -640, -15 * 256, -100000}));
    QCOMPARE(values(e), (std::vector<int64_t>{1 << 23, 1 << 22, 192 << 15, 192 << 13, 256, 256}));
  }

  void shiftExp2ApproximatesExp2() {
    const auto x = torch::arange(-15 * 256, 1, torch::kInt64);
    const auto approx = intops::shiftExp2(x).to(torch::kFloat64) / std::ldexp(1.0, 23);
    const auto exact = torch::exp2(x.to(torch::kFloat64) / 256.0);
    // 2^-f ≈ 1 − f/2 on [0, 1): at most 6.2% above the true value (plus the halved fraction's rounding).
    const auto rel = (approx - exact) / exact;
    QVERIFY(rel.min().item<double>() > -0.004);
    QVERIFY(rel.max().item<double>() < 0.066);
  }

  void isqrtIsExactFloor() {
    torch::manual_seed(2);
    auto v = torch::cat({ints({0, 1, 2, 3, 4, 15, 16, 17, (int64_t{1} << 62) - 1, int64_t{1} << 48}),
                         torch::randint(0, int64_t{1} << 50, {2000}, torch::kInt64)});
    const auto r = intops::isqrt(v);
    QVERIFY((r * r).le(v).all().item<bool>());
    QVERIFY(((r + 1) * (r + 1)).gt(v).all().item<bool>());
    QCOMPARE(values(r.narrow(0, 0, 8)), (std::vector<int64_t>{0, 1, 1, 1, 2, 3, 4, 4}));
  }

  void shiftmaxExactRow() {
    // Exponents 0, −1, −2 (in 2^-8 steps, identity dyadic): base-2 softmax 4/7, 2/7, 1/7 of 256.
    const auto p = intops::shiftmax(ints({0, -256, -512}).unsqueeze(0), exactDyadic(1, 0));
    QCOMPARE(values(p), (std::vector<int64_t>{146, 73, 37}));
    // A single dominant logit saturates at 255 (the uint8 ceiling), not 256.
    QCOMPARE(values(intops::shiftmax(ints({0, -100000}).unsqueeze(0), exactDyadic(1, 0))), (std::vector<int64_t>{255, 0}));
  }

  void shiftmaxApproximatesSoftmax() {
    torch::manual_seed(3);
    const double step = 0.01;  // logits' step: values up to ±12
    const auto logits = torch::randint(-1200, 1200, {64, 50}, torch::kInt64);
    const auto toLog2 = Dyadic::of(step / std::log(2.0) * 256.0, "test");
    const auto p = intops::shiftmax(logits, toLog2).to(torch::kFloat64) / 256.0;
    const auto ref = torch::softmax(logits.to(torch::kFloat64) * step, -1);
    const double err = (p - ref).abs().max().item<double>();
    QVERIFY2(err < 0.03, qPrintable(QString("max |shiftmax - softmax| = %1").arg(err)));
    QVERIFY((p.sum(-1) - 1).abs().max().item<double>() < 0.05);
  }

  void shiftGeluApproximatesGelu() {
    const double step = 0.05;  // int8 inputs cover ±6.35
    const auto x = torch::arange(-127, 128, torch::kInt64);
    const auto toLog2 = Dyadic::of(step * 1.702 / std::log(2.0) * 256.0, "test");
    QCOMPARE(values(intops::shiftSigmoid(ints({0}), toLog2)), (std::vector<int64_t>{128}));
    const auto y = intops::shiftGelu(x, toLog2).to(torch::kFloat64) * (step / 256.0);
    const auto ref = torch::gelu(x.to(torch::kFloat64) * step);
    const double err = (y - ref).abs().max().item<double>();
    QVERIFY2(err < 0.05, qPrintable(QString("max |ShiftGELU - GELU| = %1").arg(err)));
  }

  void normalizeRowsMatchesLayerNorm() {
    torch::manual_seed(4);
    const auto x = torch::randint(-30000, 30000, {16, 96}, torch::kInt64) / 3 + torch::randint(-2000, 2000, {16, 1}, torch::kInt64);
    const auto n = intops::normalizeRows(x).to(torch::kFloat64) * (std::sqrt(96.0) / std::ldexp(1.0, intops::kNormBits));
    const auto ref = torch::layer_norm(x.to(torch::kFloat64), {96}, {}, {}, 0.0);
    QVERIFY((n - ref).abs().max().item<double>() < 2e-3);
    // A constant row normalises to zeros instead of dividing by zero.
    QCOMPARE(values(intops::normalizeRows(torch::full({1, 8}, 77, torch::kInt64))), std::vector<int64_t>(8, 0));
  }
};

QTEST_APPLESS_MAIN(TestIntegerOps)
#include "tst_integer_ops.moc"
