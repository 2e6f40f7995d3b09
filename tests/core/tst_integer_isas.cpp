// Every ISA path of the fast integer engine gives the reference engine's integers: the GEMM on awkward
// shapes and extreme values, the attention products, and whole integer ViTs and Swins. Paths this CPU
// lacks are skipped with a message naming the ISA; the dispatcher is checked against /proc/cpuinfo.
#include "core/integer/gemm.h"
#include "core/integer/int_layers.h"
#include "core/integer/isa.h"
#include "core/integer/kernels.h"
#include "core/util/error.h"
#include "engine_logits.h"

#include <QFile>
#include <ATen/Parallel.h>
#include <QtTest/QtTest>
#include <torch/torch.h>

#include <cstdlib>
#include <mutex>
#include <set>
#include <thread>

using namespace vq;

Q_DECLARE_METATYPE(vq::Isa)

namespace {

const Isa kAllIsas[] = {Isa::Portable, Isa::Avx2, Isa::AvxVnni, Isa::Avx512Vnni};

torch::Tensor randomInts(std::vector<int64_t> shape, int64_t lo, int64_t hi, torch::ScalarType type) {
  return torch::randint(lo, hi, shape, torch::kInt64).to(type);
}

void expectSame(const torch::Tensor& a, const torch::Tensor& b) {
  QCOMPARE(a.scalar_type(), b.scalar_type());
  QCOMPARE(a.sizes(), b.sizes());
  QVERIFY2(torch::equal(a, b), qPrintable(QString("%1 of %2 elements differ").arg(a.ne(b).sum().item<int64_t>()).arg(a.numel())));
}

void addIsaRows() {
  QTest::addColumn<Isa>("isa");
  for (Isa isa : kAllIsas) QTest::newRow(isaName(isa)) << isa;
}

// Switches the fast engine to the row's ISA, or skips the row when this CPU cannot run it.
#define USE_ISA_OR_SKIP()                                                                               \
  QFETCH(Isa, isa);                                                                                     \
  if (!cpuSupports(isa)) QSKIP(qPrintable(QString("%1: this CPU lacks it").arg(isaName(isa))));         \
  setActiveIsa(isa)

// The flags the kernel reports for this CPU: an independent source for what CPUID should say.
QStringList cpuinfoFlags() {
  QFile f("/proc/cpuinfo");
  if (!f.open(QIODevice::ReadOnly)) return {};
  for (const auto& line : QString::fromUtf8(f.readAll()).split('\n'))
    if (line.startsWith("flags")) return line.section(':', 1).split(' ', Qt::SkipEmptyParts);
  return {};
}

// x [M, K] · wᵀ + bias in int64: what every path must return (as int32).
torch::Tensor expectedProduct(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& bias) {
  auto r = torch::matmul(x.to(torch::kInt64), w.to(torch::kInt64).t());
  if (bias.defined()) r = r + bias.to(torch::kInt64);
  return r.to(torch::kInt32);
}

torch::Tensor runGemm(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& bias, bool serial) {
  const auto packed = packWeights(w);
  if (!serial) return gemmInt8(x, packed, bias);
  auto out = torch::empty({x.size(0), w.size(0)}, torch::kInt32);
  const bool isUnsigned = x.scalar_type() == torch::kUInt8;
  Int32Sink sink(out.data_ptr<int32_t>(), w.size(0));
  gemmSerial({x.data_ptr(), x.size(0), x.size(1), isUnsigned}, packed, bias.defined() ? bias.data_ptr<int32_t>() : nullptr, sink, activeIsa());
  return out;
}

}  // namespace

class TestIntegerIsas : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void initTestCase() { torch::manual_seed(0); }
  void cleanup() { setActiveIsa(supportedIsas().back()); }

  void dispatcherMatchesTheCpu() {
    const auto flags = cpuinfoFlags();
    if (flags.isEmpty()) QSKIP("no /proc/cpuinfo flags to check against");
    QCOMPARE(cpuSupports(Isa::Avx2), flags.contains("avx2") && flags.contains("fma"));
    QCOMPARE(cpuSupports(Isa::AvxVnni), flags.contains("avx2") && flags.contains("avx_vnni"));
    QCOMPARE(cpuSupports(Isa::Avx512Vnni), flags.contains("avx512_vnni") && flags.contains("avx512bw") && flags.contains("avx512vl"));
    QVERIFY(cpuSupports(Isa::Portable));
    // With VQ_ISA unset the engine takes the best path, which the CPU must have.
    if (!std::getenv("VQ_ISA")) QCOMPARE(activeIsa(), supportedIsas().back());
    QVERIFY(cpuSupports(activeIsa()));
  }

  void unsupportedOrUnknownIsaIsRefused() {
    for (Isa isa : kAllIsas) {
      if (cpuSupports(isa)) {
        setActiveIsa(isa);
        QCOMPARE(activeIsa(), isa);
        continue;
      }
      bool refused = false;
      try {
        setActiveIsa(isa);
      } catch (const Error& e) {
        refused = e.kind() == ErrorKind::Usage && QString(e.what()).contains(isaName(isa));
      }
      QVERIFY2(refused, isaName(isa));
      QVERIFY(activeIsa() != isa);
    }
    QCOMPARE(parseIsa("avx512vnni", "test"), Isa::Avx512Vnni);
    QVERIFY_THROWS_EXCEPTION(Error, parseIsa("sse9", "VQ_ISA"));
  }

  // The engine's parallel loops really use several threads (ATen runs them serially in files built
  // without OpenMP, which once left the fast engine on one core).
  void parallelLoopsUseThreads() {
    if (std::thread::hardware_concurrency() < 2) QSKIP("one hardware thread");
    const int before = at::get_num_threads();
    at::set_num_threads(2);
    std::mutex m;
    std::set<std::thread::id> ids;
    at::parallel_for(0, 64, 1, [&](int64_t, int64_t) {
      std::lock_guard<std::mutex> lock(m);
      ids.insert(std::this_thread::get_id());
    });
    at::set_num_threads(before);
    QCOMPARE(ids.size(), size_t{2});
  }

  void gemm_data() { addIsaRows(); }
  void gemm() {
    USE_ISA_OR_SKIP();
    struct Shape {
      int64_t M, K, N;
    };
    // Aligned and ragged in every dimension, tails of each micro-kernel tile, one row, wide.
    for (const auto s : {Shape{64, 96, 48}, Shape{7, 33, 13}, Shape{1, 5, 9}, Shape{13, 1, 70}, Shape{130, 384, 1152}, Shape{25, 100, 200}})
      for (bool serial : {false, true}) {
        const auto w = randomInts({s.N, s.K}, -127, 128, torch::kInt8);
        const auto bias = randomInts({s.N}, -100000, 100000, torch::kInt32);
        const auto xs = randomInts({s.M, s.K}, -128, 128, torch::kInt8);  // −128 too: the sign trick's edge
        expectSame(runGemm(xs, w, bias, serial), expectedProduct(xs, w, bias));
        const auto xu = randomInts({s.M, s.K}, 0, 256, torch::kUInt8);
        if (serial) expectSame(runGemm(xu, w, {}, true), expectedProduct(xu, w, {}));
      }
  }

  // 4-bit weights (−8…7) are packed as nibbles and run on their own micro-kernels; wider ones are not.
  void gemmFourBit_data() { addIsaRows(); }
  void gemmFourBit() {
    USE_ISA_OR_SKIP();
    QVERIFY(packWeights(randomInts({20, 30}, -8, 8, torch::kInt8)).fourBit);
    QVERIFY(!packWeights(randomInts({20, 30}, -9, 8, torch::kInt8)).fourBit);
    struct Shape {
      int64_t M, K, N;
    };
    // Ragged K (partial quads, and a tail of the 16-bit accumulation's eight-quad groups), every tile tail.
    for (const auto s : {Shape{64, 96, 48}, Shape{7, 33, 13}, Shape{1, 5, 9}, Shape{13, 1, 70}, Shape{130, 384, 1152}, Shape{25, 100, 200},
                         Shape{9, 36, 33}})
      for (bool serial : {false, true}) {
        const auto w = randomInts({s.N, s.K}, -8, 8, torch::kInt8);
        const auto bias = randomInts({s.N}, -100000, 100000, torch::kInt32);
        const auto xs = randomInts({s.M, s.K}, -128, 128, torch::kInt8);
        expectSame(runGemm(xs, w, bias, serial), expectedProduct(xs, w, bias));
        const auto xu = randomInts({s.M, s.K}, 0, 256, torch::kUInt8);
        if (serial) expectSame(runGemm(xu, w, {}, true), expectedProduct(xu, w, {}));
      }
    // Every product at its extremes over a long K: the AVX2 kernel's 16-bit sums of eight quads reach ±32640.
    const int64_t K = 70000;
    for (int xv : {127, -128})
      for (int wv : {7, -8}) {
        const auto x = torch::full({5, K}, xv, torch::kInt8);
        const auto w = torch::full({17, K}, wv, torch::kInt8);
        expectSame(runGemm(x, w, {}, false), expectedProduct(x, w, {}));
      }
    const auto p = torch::full({2, 4000}, 255, torch::kUInt8);
    for (int wv : {7, -8}) {
      const auto v = torch::full({16, 4000}, wv, torch::kInt8);
      expectSame(runGemm(p, v, {}, true), expectedProduct(p, v, {}));
    }
  }

  // Extreme values: every product at its largest magnitude. The VNNI path reads int8 rows as x + 128, so
  // its raw sums pass 2^31 and wrap in 32-bit lanes before the column correction brings them back.
  void gemmExtremes_data() { addIsaRows(); }
  void gemmExtremes() {
    USE_ISA_OR_SKIP();
    const int64_t K = 70000;
    for (int xv : {127, -128})
      for (int wv : {127, -127}) {
        const auto x = torch::full({3, K}, xv, torch::kInt8);
        const auto w = torch::full({17, K}, wv, torch::kInt8);
        const auto expected = expectedProduct(x, w, {});
        if (expected.to(torch::kInt64).abs().max().item<int64_t>() >= (int64_t{1} << 31)) continue;
        expectSame(runGemm(x, w, {}, false), expected);
      }
    const auto p = torch::full({2, 4000}, 255, torch::kUInt8);  // probabilities at their ceiling
    const auto v = torch::full({16, 4000}, -127, torch::kInt8);
    expectSame(runGemm(p, v, {}, true), expectedProduct(p, v, {}));
  }

  void attention_data() { addIsaRows(); }
  void attention() {
    USE_ISA_OR_SKIP();
    const auto& ref = referenceKernels();
    const auto& fast = fastKernels();
    for (int64_t N : {13, 50}) {
      const auto q = randomInts({4, 2, N, 16}, -127, 128, torch::kInt8);
      const auto k = randomInts({4, 2, N, 16}, -127, 128, torch::kInt8);
      const auto v = randomInts({4, 2, N, 16}, -127, 128, torch::kInt8);
      const auto bias = randomInts({2, 2, N, N}, -3000, 3000, torch::kInt64);
      expectSame(fast.attentionLogits(q, k, {}), ref.attentionLogits(q, k, {}));
      const auto logits = ref.attentionLogits(q, k, bias);
      expectSame(fast.attentionLogits(q, k, bias), logits);
      const auto probs = randomInts({4, 2, N, N}, 0, 256, torch::kUInt8);
      expectSame(fast.attentionContext(probs, v), ref.attentionContext(probs, v));
    }
  }

  // Element-wise kernels: the row loops have an AVX2 body and a scalar tail, and fall back to plain loops
  // where their 32/64-bit lanes could overflow — both sides of every switch are exercised here.
  void layerNorm_data() { addIsaRows(); }
  void layerNorm() {
    USE_ISA_OR_SKIP();
    const auto& ref = referenceKernels();
    const auto& fast = fastKernels();
    for (int64_t C : {int64_t{48}, int64_t{37}, int64_t{7}, int64_t{384}})
      for (int bits : {8, 16}) {
        const auto gain = Dyadic::of(torch::rand({C}, torch::kFloat64) * 0.04 - 0.02, "test");
        const auto offset = randomInts({C}, -(int64_t{1} << 40), int64_t{1} << 40, torch::kInt64);
        const auto x16 = randomInts({5, C}, -32767, 32768, torch::kInt16);
        expectSame(fast.layerNorm(x16, gain, offset, bits), ref.layerNorm(x16, gain, offset, bits));
        const auto x8 = randomInts({5, C}, -127, 128, torch::kInt8);
        expectSame(fast.layerNorm(x8, gain, offset, bits), ref.layerNorm(x8, gain, offset, bits));
        // σ = 1 (a factor of 2^31) and σ = 0 (a constant row)
        auto tiny = torch::zeros({2, C}, torch::kInt16);
        tiny[0][0] = 1;
        expectSame(fast.layerNorm(tiny, gain, offset, bits), ref.layerNorm(tiny, gain, offset, bits));
      }
    // Offsets near 2^62: the AVX2 shift trick would overflow, so the plain loop must take over.
    const auto hugeOffset = torch::full({16}, int64_t{1} << 61, torch::kInt64);
    const auto gain = Dyadic::of(torch::full({16}, 0.5, torch::kFloat64), "test");
    const auto x = randomInts({3, 16}, -32767, 32768, torch::kInt16);
    expectSame(fast.layerNorm(x, gain, hugeOffset, 16), ref.layerNorm(x, gain, hugeOffset, 16));
  }

  void shiftmax_data() { addIsaRows(); }
  void shiftmax() {
    USE_ISA_OR_SKIP();
    const auto& ref = referenceKernels();
    const auto& fast = fastKernels();
    for (int64_t N : {int64_t{1}, int64_t{9}, int64_t{197}, int64_t{1100}}) {
      const auto logits = randomInts({6, N}, -40000, 40000, torch::kInt32);
      for (double ratio : {0.002, 0.05, 3.0}) {
        const auto toLog2 = Dyadic::of(ratio, "test");
        expectSame(fast.shiftmax(logits, toLog2), ref.shiftmax(logits, toLog2));
      }
    }
    // Swin's −100 masks in logit steps: exponents past ±2^30 leave the AVX2 lanes' range.
    auto masked = randomInts({4, 64}, -3000, 3000, torch::kInt32);
    masked.narrow(1, 0, 20).sub_(int64_t{1} << 30);
    for (double ratio : {0.01, 1.5}) {
      const auto toLog2 = Dyadic::of(ratio, "test");
      expectSame(fast.shiftmax(masked, toLog2), ref.shiftmax(masked, toLog2));
    }
  }

  void models_data() {
    QTest::addColumn<Isa>("isa");
    QTest::addColumn<QString>("arch");
    QTest::addColumn<QString>("args");
    for (Isa isa : kAllIsas) {
      const QString n = isaName(isa);
      QTest::newRow(qPrintable(n + "-deit")) << isa << "deit_tiny_patch16_224" << R"({"patch_size":8,"embed_dim":48,"depth":2,"num_heads":2})";
      QTest::newRow(qPrintable(n + "-swin")) << isa << "swin_tiny_patch4_window7_224"
                                             << R"({"img_size":28,"patch_size":4,"embed_dim":24,"depths":[2,1],"num_heads":[2,4],"window_size":4})";
    }
  }
  void models() {
    USE_ISA_OR_SKIP();
    QFETCH(QString, arch);
    QFETCH(QString, args);
    for (int weightBits : {8, 4}) {
      const auto logits = tinyIntegerLogits(arch, args, 5, 5, weightBits);
      expectSame(logits.fast, logits.reference);
    }
  }
};

QTEST_APPLESS_MAIN(TestIntegerIsas)
#include "tst_integer_isas.moc"
