// The fast integer engine reproduces the reference engine bit for bit: kernel by kernel on awkward
// shapes, and end to end on integer ViTs and Swins.
#include "core/integer/int_layers.h"
#include "core/integer/kernels.h"
#include "engine_logits.h"

#include <QtTest/QtTest>
#include <torch/torch.h>

using namespace vq;

namespace {

const IntKernels& ref() { return referenceKernels(); }
const IntKernels& fast() { return fastKernels(); }

torch::Tensor randomInts(std::vector<int64_t> shape, int64_t lo, int64_t hi, torch::ScalarType type) {
  return torch::randint(lo, hi, shape, torch::kInt64).to(type);
}

Dyadic randomDyadic(int64_t channels, double lo, double hi) {
  return Dyadic::of(torch::rand({channels}, torch::kFloat64) * (hi - lo) + lo, "test");
}

void expectSame(const torch::Tensor& a, const torch::Tensor& b) {
  QCOMPARE(a.scalar_type(), b.scalar_type());
  QCOMPARE(a.sizes(), b.sizes());
  QVERIFY2(torch::equal(a, b), qPrintable(QString("%1 of %2 elements differ").arg(a.ne(b).sum().item<int64_t>()).arg(a.numel())));
}

}  // namespace

class TestIntegerEngines : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void initTestCase() { torch::manual_seed(0); }

  void linear_data() {
    QTest::addColumn<int>("M");
    QTest::addColumn<int>("K");
    QTest::addColumn<int>("N");
    QTest::newRow("aligned") << 64 << 96 << 48;
    QTest::newRow("odd-everything") << 7 << 33 << 13;
    QTest::newRow("one-row") << 1 << 5 << 9;
    QTest::newRow("wide") << 130 << 384 << 1152;
  }
  void linear() {
    QFETCH(int, M);
    QFETCH(int, K);
    QFETCH(int, N);
    IntLinear l;
    l.weight = randomInts({N, K}, -127, 128, torch::kInt8);
    l.bias = randomInts({N}, -100000, 100000, torch::kInt32);
    const auto x = randomInts({2, M, K}, -127, 128, torch::kInt8);
    expectSame(fast().linear(x, l), ref().linear(x, l));
  }

  void requantize() {
    const auto acc = randomInts({3, 17, 40}, -(1 << 24), 1 << 24, torch::kInt32);
    for (int bits : {8, 16})
      for (int64_t channels : {int64_t{1}, int64_t{40}}) {
        const auto d = randomDyadic(channels, 1e-6, 1e-2);
        expectSame(fast().requantize(acc, d, bits), ref().requantize(acc, d, bits));
      }
  }

  void addRequantized() {
    const auto a = randomInts({5, 31}, -(1 << 20), 1 << 20, torch::kInt32);
    const auto b = randomInts({5, 31}, -32767, 32768, torch::kInt16);
    const auto da = randomDyadic(31, 1e-5, 1e-3), db = randomDyadic(1, 0.5, 1.5);
    expectSame(fast().addRequantized(a, da, b, db, 16), ref().addRequantized(a, da, b, db, 16));
  }

  void layerNorm() {
    for (int bits : {8, 16}) {
      const auto x = randomInts({4, 9, 48}, -20000, 20000, torch::kInt16);
      const auto gain = randomDyadic(48, -0.02, 0.02);
      const auto offset = randomInts({48}, -(int64_t{1} << 40), int64_t{1} << 40, torch::kInt64);
      expectSame(fast().layerNorm(x, gain, offset, bits), ref().layerNorm(x, gain, offset, bits));
    }
    const auto constant = torch::full({2, 16}, 5, torch::kInt16);  // zero variance
    const auto gain = randomDyadic(16, 0.001, 0.002);
    const auto offset = torch::zeros({16}, torch::kInt64);
    expectSame(fast().layerNorm(constant, gain, offset, 8), ref().layerNorm(constant, gain, offset, 8));
  }

  void attention() {
    const auto q = randomInts({4, 2, 13, 16}, -127, 128, torch::kInt8);
    const auto k = randomInts({4, 2, 13, 16}, -127, 128, torch::kInt8);
    const auto v = randomInts({4, 2, 13, 16}, -127, 128, torch::kInt8);
    const auto toLog2 = Dyadic::of(0.02, "test");
    expectSame(fast().attentionLogits(q, k, {}), ref().attentionLogits(q, k, {}));
    // Window biases: two windows repeat over the batch of four, with a −100-style mask.
    const auto bias = randomInts({2, 2, 13, 13}, -3000, 3000, torch::kInt64) - (torch::rand({2, 1, 13, 13}) < 0.3).to(torch::kInt64) * 100000;
    const auto logits = ref().attentionLogits(q, k, bias);
    expectSame(fast().attentionLogits(q, k, bias), logits);
    const auto probs = ref().shiftmax(logits, toLog2);
    expectSame(fast().shiftmax(logits, toLog2), probs);
    expectSame(fast().attentionContext(probs, v), ref().attentionContext(probs, v));
  }

  void gelu() {
    const auto x = randomInts({3, 7, 64}, -127, 128, torch::kInt8);
    const auto toLog2 = Dyadic::of(0.04 * 1.702 / std::log(2.0) * 256, "test");
    const auto out = Dyadic::of(0.04 / 256 / 0.03, "test");
    expectSame(fast().gelu(x, toLog2, out), ref().gelu(x, toLog2, out));
  }

  void models_data() {
    QTest::addColumn<QString>("arch");
    QTest::addColumn<QString>("args");
    QTest::newRow("deit") << "deit_tiny_patch16_224" << R"({"patch_size":8,"embed_dim":48,"depth":2,"num_heads":2})";
    QTest::newRow("vit-avg") << "deit_tiny_patch16_224" << R"({"patch_size":8,"embed_dim":40,"depth":1,"num_heads":2,"global_pool":"avg","class_token":false})";
    QTest::newRow("swin") << "swin_tiny_patch4_window7_224" << R"({"patch_size":4,"embed_dim":32,"depths":[2,2],"num_heads":[2,4],"window_size":4})";
    QTest::newRow("swin-padded") << "swin_tiny_patch4_window7_224" << R"({"img_size":28,"patch_size":4,"embed_dim":24,"depths":[2,1],"num_heads":[2,4],"window_size":4})";
  }
  void models() {
    QFETCH(QString, arch);
    QFETCH(QString, args);
    const auto logits = tinyIntegerLogits(arch, args, 12, 6);
    expectSame(logits.fast, logits.reference);
  }
};

QTEST_APPLESS_MAIN(TestIntegerEngines)
#include "tst_integer_engines.moc"
