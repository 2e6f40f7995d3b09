// SULQ (docs/design/methods.md §1.4): exact codes and levels for hand-made inputs in both level conventions, the η grid
// search picking the lowest error, its advantage over log2 on softmax-like values at 3 bits, straight-through
// gradients, and its quant.json form.
#include "core/quant/quant_json.h"
#include "core/quant/quantizer.h"
#include "core/quant/sulq.h"
#include "input_errors.h"

#include <QtTest/QtTest>
#include <torch/torch.h>

namespace {

std::vector<int64_t> ints(const torch::Tensor& t) {
  const auto c = t.contiguous();
  return std::vector<int64_t>(c.data_ptr<int64_t>(), c.data_ptr<int64_t>() + c.numel());
}

std::vector<float> floats(const torch::Tensor& t) {
  const auto c = t.to(torch::kFloat32).contiguous();
  return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

}  // namespace

class TestSulq : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void handComputedCodes() {
    // η = 1, x = 0, 0.5, 1, 3 → y = log2(x + 1) = 0, 0.585, 1, 2; range [0, 2].
    const auto x = torch::tensor({0.0f, 0.5f, 1.0f, 3.0f});
    vq::SulqParams paper{2, vq::SulqLevels::Paper, 1.0, 0.0, 2.0};
    // Paper: d = 2/3, y/d = 0, 0.877, 1.5, 3 → k = 0, 1, 2 (half to even), 3; exponents ⌊k·d⌉ = 0, 1, 1, 2.
    QCOMPARE(ints(vq::sulqCodes(x, paper)), (std::vector<int64_t>{0, 1, 2, 3}));
    QCOMPARE(floats(vq::sulqDequantize(vq::sulqCodes(x, paper), paper)), (std::vector<float>{0, 1, 1, 3}));
    // Code: d = 2/4, y/d = 0, 1.17, 2, 4 → k = 0, 1, 2, 4 (5 levels); exponents 0, ⌊0.5⌉ = 0, 1, 2.
    vq::SulqParams code{2, vq::SulqLevels::Code, 1.0, 0.0, 2.0};
    QCOMPARE(ints(vq::sulqCodes(x, code)), (std::vector<int64_t>{0, 1, 2, 4}));
    QCOMPARE(vq::sulqMaxCode(code), int64_t{4});
    QCOMPARE(floats(vq::sulqDequantize(vq::sulqCodes(x, code), code)), (std::vector<float>{0, 0, 1, 3}));
    // The site quantizer computes the same in its straight-through form.
    vq::SulqQuantizer q(paper);
    QCOMPARE(floats(q.apply(x)), (std::vector<float>{0, 1, 1, 3}));
  }

  void searchPicksTheLowestError() {
    torch::manual_seed(0);
    const auto x = torch::softmax(torch::randn({64, 49}) * 3, 1);
    const auto best = vq::sulqSearch(x, 3, vq::SulqLevels::Paper);
    const auto err = [&](const vq::SulqParams& p) {
      return (x - vq::sulqDequantize(vq::sulqCodes(x, p), p)).pow(2).mean().item<double>();
    };
    for (double eta : vq::sulqEtaGrid()) {
      vq::SulqParams p{3, vq::SulqLevels::Paper, eta, torch::log2(x + eta).min().item<double>(), torch::log2(x + eta).max().item<double>()};
      QVERIFY(err(best) <= err(p) + 1e-15);
    }
  }

  void beatsLog2OnSoftmaxAtThreeBits() {
    torch::manual_seed(1);
    const auto x = torch::softmax(torch::randn({32, 50, 50}) * 2, -1);
    const auto log2 = vq::minMaxParams(x, {vq::QuantScheme::Log2, 3});
    const auto codes = vq::quantizeCodes(x, log2);
    // log2 wastes its grid: most probabilities land on its last level.
    const double onLast = codes.eq(7).to(torch::kFloat64).mean().item<double>();
    const auto sulq = vq::sulqSearch(x, 3, vq::SulqLevels::Paper);
    const auto k = vq::sulqCodes(x, sulq);
    const double sulqOnLast = k.eq(vq::sulqMaxCode(sulq)).to(torch::kFloat64).mean().item<double>();
    QVERIFY2(sulqOnLast < onLast, qPrintable(QString("%1 vs %2").arg(sulqOnLast).arg(onLast)));
    const double errLog2 = (x - vq::dequantizeCodes(codes, log2)).pow(2).mean().item<double>();
    const double errSulq = (x - vq::sulqDequantize(k, sulq)).pow(2).mean().item<double>();
    QVERIFY2(errSulq < errLog2, qPrintable(QString("%1 vs %2").arg(errSulq).arg(errLog2)));
  }

  void straightThroughGradient() {
    vq::SulqQuantizer q({3, vq::SulqLevels::Code, 0.01, std::log2(0.01), 0.0});
    auto x = torch::tensor({0.02f, 0.3f, 0.9f}).requires_grad_(true);
    q.apply(x).sum().backward();
    // Both rounds pass the gradient through: d x̂/dx = 2^e / (x + η) with e the rounded exponent.
    QVERIFY(torch::isfinite(x.grad()).all().item<bool>());
    QVERIFY((x.grad() > 0).all().item<bool>());
  }

  void quantJson() {
    vq::SulqQuantizer q({4, vq::SulqLevels::Code, 0.05, -4.3, 0.1});
    const auto j = q.toJson();
    const auto back = vq::quantizerFromJson(j, "quant.json", "blocks.0.attn.softmax.output");
    const auto x = torch::rand({100});
    QVERIFY(torch::equal(back->apply(x), q.apply(x)));
    auto bad = j;
    bad["eta"] = -1;
    QVERIFY(expectInputError([&] { vq::quantizerFromJson(bad, "quant.json", "s"); }).contains("eta must be > 0"));
    bad = j;
    bad["levels"] = "both";
    QVERIFY(expectInputError([&] { vq::quantizerFromJson(bad, "quant.json", "s"); }).contains("unknown SULQ levels"));
  }
};

QTEST_GUILESS_MAIN(TestSulq)
#include "tst_sulq.moc"
