// Preprocessing (core/data/preprocess.h): timm's eval transform geometry, normalisation, the
// batched fast path against the per-image path, both against a plain-loop reference of PIL's
// resampling, and the seeded training augmentation.
#include "input_errors.h"
#include "core/data/preprocess.h"
#include "core/util/error.h"

#include <QtTest/QtTest>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>
#include <vector>

namespace {

vq::PretrainedCfg makeCfg(int64_t c, int64_t h, int64_t w, double crop, const std::string& interp,
                          std::vector<double> mean = {}, std::vector<double> std = {}) {
  vq::PretrainedCfg cfg;
  cfg.inputSize = {c, h, w};
  cfg.cropPct = crop;
  cfg.interpolation = interp;
  cfg.mean = mean.empty() ? (c == 3 ? std::vector<double>{0.485, 0.456, 0.406} : std::vector<double>{0.5}) : mean;
  cfg.std = std.empty() ? (c == 3 ? std::vector<double>{0.229, 0.224, 0.225} : std::vector<double>{0.25}) : std;
  return cfg;
}

torch::Tensor randomU8(std::vector<int64_t> sizes, uint64_t seed) {
  auto gen = vq::makeGenerator(seed);
  return torch::randint(0, 256, sizes, gen, torch::TensorOptions().dtype(torch::kUInt8));
}

// ---- Reference: PIL's separable resampling with plain loops in double precision -------------
double filterValue(double x, vq::Interpolation mode) {
  x = std::abs(x);
  if (mode == vq::Interpolation::Bilinear) return x < 1 ? 1 - x : 0;
  const double a = -0.5;  // PIL's bicubic
  if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
  if (x < 2) return (((x - 5) * x + 8) * x - 4) * a;
  return 0;
}

// out[i] = sum_k w[i][k] * in[first[i] + k]
struct Coeffs {
  std::vector<int> first;
  std::vector<std::vector<double>> w;
};

Coeffs coeffs(int in, int out, vq::Interpolation mode) {
  Coeffs c;
  const double scale = double(in) / out;
  for (int i = 0; i < out; ++i) {
    const double center = (i + 0.5) * scale;
    if (mode == vq::Interpolation::Nearest) {
      c.first.push_back(std::min(int(center), in - 1));
      c.w.push_back({1.0});
      continue;
    }
    const double filterscale = std::max(scale, 1.0);
    const double support = (mode == vq::Interpolation::Bicubic ? 2.0 : 1.0) * filterscale;
    const int xmin = std::max(int(center - support + 0.5), 0);
    const int xmax = std::min(int(center + support + 0.5), in);
    std::vector<double> w;
    double total = 0;
    for (int x = xmin; x < xmax; ++x) {
      w.push_back(filterValue((x - center + 0.5) / filterscale, mode));
      total += w.back();
    }
    for (double& v : w) v /= total;
    c.first.push_back(xmin);
    c.w.push_back(w);
  }
  return c;
}

double to8bit(double v) { return std::clamp(std::floor(v + 0.5), 0.0, 255.0); }

// grey uint8 [H,W] -> float [outH,outW] (8-bit levels): width pass, round, height pass, round.
torch::Tensor referenceResize(const torch::Tensor& img, int outH, int outW, vq::Interpolation mode) {
  const int H = int(img.size(0)), W = int(img.size(1));
  const auto in = img.to(torch::kFloat64).contiguous();
  const double* p = in.data_ptr<double>();
  const Coeffs cw = coeffs(W, outW, mode), ch = coeffs(H, outH, mode);
  std::vector<double> wide(size_t(H) * outW);
  for (int y = 0; y < H; ++y)
    for (int x = 0; x < outW; ++x) {
      double s = 0;
      for (size_t k = 0; k < cw.w[x].size(); ++k) s += cw.w[x][k] * p[size_t(y) * W + cw.first[x] + k];
      wide[size_t(y) * outW + x] = W == outW ? p[size_t(y) * W + x] : to8bit(s);
    }
  auto out = torch::empty({outH, outW}, torch::TensorOptions().dtype(torch::kFloat64));
  auto o = out.accessor<double, 2>();
  for (int y = 0; y < outH; ++y)
    for (int x = 0; x < outW; ++x) {
      double s = 0;
      for (size_t k = 0; k < ch.w[y].size(); ++k) s += ch.w[y][k] * wide[size_t(ch.first[y] + k) * outW + x];
      o[y][x] = H == outH ? wide[size_t(y) * outW + x] : to8bit(s);
    }
  return out;
}

// The whole eval transform on a grey image, one output channel, from the reference resize.
torch::Tensor referencePreprocess(const torch::Tensor& grey, const vq::PretrainedCfg& cfg) {
  const auto g = vq::evalGeometry(grey.size(0), grey.size(1), cfg);
  const auto r = referenceResize(grey, int(g.resizeHeight), int(g.resizeWidth), g.interpolation);
  const auto crop = r.narrow(0, g.cropTop, g.outHeight).narrow(1, g.cropLeft, g.outWidth);
  return ((crop / 255.0 - cfg.mean[0]) / cfg.std[0]).to(torch::kFloat32);
}

}  // namespace

Q_DECLARE_METATYPE(vq::Interpolation)

class TestPreprocess : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void initTestCase() { torch::set_num_threads(1); }

  void geometry_data() {
    QTest::addColumn<int>("srcH");
    QTest::addColumn<int>("srcW");
    QTest::addColumn<int>("outH");
    QTest::addColumn<int>("outW");
    QTest::addColumn<double>("crop");
    QTest::addColumn<QVector<int>>("expected");  // resizeH, resizeW, cropTop, cropLeft
    QTest::newRow("fmnist 224") << 28 << 28 << 224 << 224 << 0.875 << QVector<int>{256, 256, 16, 16};
    QTest::newRow("fmnist 32") << 28 << 28 << 32 << 32 << 0.875 << QVector<int>{36, 36, 2, 2};
    QTest::newRow("fmnist 64 crop 1") << 28 << 28 << 64 << 64 << 1.0 << QVector<int>{64, 64, 0, 0};
    // landscape: long side int(256*640/480) = 341; left = round(117/2 = 58.5) = 58 (half to even)
    QTest::newRow("landscape") << 480 << 640 << 224 << 224 << 0.875 << QVector<int>{256, 341, 16, 58};
    // portrait: int(256*500/333) = 384; top = round(160/2) = 80
    QTest::newRow("portrait") << 500 << 333 << 224 << 224 << 0.875 << QVector<int>{384, 256, 80, 16};
    // round(1.5) = 2: 11 -> 8 crops from offset 2
    QTest::newRow("half even up") << 11 << 11 << 8 << 8 << 0.7 << QVector<int>{11, 11, 2, 2};
    QTest::newRow("half even down") << 9 << 9 << 8 << 8 << 0.85 << QVector<int>{9, 9, 0, 0};
    // timm ResizeKeepRatio for a non-square input: targets (256, 182), ratio min(1.875, 3.516);
    // width round(341.33) = 341; left = round(181/2 = 90.5) = 90
    QTest::newRow("non-square input") << 480 << 640 << 224 << 160 << 0.875 << QVector<int>{256, 341, 16, 90};
  }

  void geometry() {
    QFETCH(int, srcH);
    QFETCH(int, srcW);
    QFETCH(int, outH);
    QFETCH(int, outW);
    QFETCH(double, crop);
    QFETCH(QVector<int>, expected);
    const auto g = vq::evalGeometry(srcH, srcW, makeCfg(3, outH, outW, crop, "bicubic"));
    QCOMPARE((QVector<int>{int(g.resizeHeight), int(g.resizeWidth), int(g.cropTop), int(g.cropLeft)}), expected);
    QCOMPARE(int(g.outHeight), outH);
    QCOMPARE(int(g.outWidth), outW);
    QCOMPARE(g.interpolation, outH == outW ? vq::Interpolation::Bicubic : vq::Interpolation::Bilinear);
  }

  void shapes_data() {
    QTest::addColumn<QVector<qint64>>("input");
    QTest::addColumn<int>("channels");
    QTest::addColumn<int>("size");
    QTest::newRow("grey 28 -> 3x224") << QVector<qint64>{28, 28} << 3 << 224;
    QTest::newRow("grey [H,W,1] -> 3x32") << QVector<qint64>{28, 28, 1} << 3 << 32;
    QTest::newRow("rgb 40x60 -> 3x32") << QVector<qint64>{40, 60, 3} << 3 << 32;
    QTest::newRow("rgb -> 1x32") << QVector<qint64>{40, 60, 3} << 1 << 32;
    QTest::newRow("tiny 1x1 -> 3x64") << QVector<qint64>{1, 1, 3} << 3 << 64;
  }

  void shapes() {
    QFETCH(QVector<qint64>, input);
    QFETCH(int, channels);
    QFETCH(int, size);
    const auto img = randomU8(std::vector<int64_t>(input.begin(), input.end()), 3);
    const auto y = vq::preprocessImage(img, makeCfg(channels, size, size, 0.875, "bicubic"));
    QCOMPARE(y.scalar_type(), torch::kFloat32);
    QCOMPARE(y.sizes().vec(), (std::vector<int64_t>{channels, size, size}));
    QVERIFY(y.is_contiguous());
  }

  void constantImage_data() {
    QTest::addColumn<vq::Interpolation>("mode");
    QTest::addColumn<bool>("colour");
    for (auto [name, mode] : {std::pair{"bicubic", vq::Interpolation::Bicubic}, {"bilinear", vq::Interpolation::Bilinear},
                              {"nearest", vq::Interpolation::Nearest}}) {
      QTest::newRow(qPrintable(QString(name) + " grey")) << mode << false;
      QTest::newRow(qPrintable(QString(name) + " rgb")) << mode << true;
    }
  }

  // A constant image stays constant through any resampling; the output is (v/255 - mean) / std.
  void constantImage() {
    QFETCH(vq::Interpolation, mode);
    QFETCH(bool, colour);
    const char* names[] = {"nearest", "bilinear", "bicubic"};
    const auto cfg = makeCfg(3, 48, 48, 0.875, names[int(mode)]);
    const std::vector<int> values = colour ? std::vector<int>{10, 128, 250} : std::vector<int>{77, 77, 77};
    auto img = torch::empty({30, 45, 3}, torch::TensorOptions().dtype(torch::kUInt8));
    for (int c = 0; c < 3; ++c) img.select(2, c).fill_(values[c]);
    const auto single = vq::preprocessImage(colour ? img : img.select(2, 0), cfg);
    const auto batch = vq::preprocessBatch(colour ? img.unsqueeze(0) : img.select(2, 0).unsqueeze(0), cfg)[0];
    for (int c = 0; c < 3; ++c) {
      const float expected = (float(values[c]) / 255.0f - float(cfg.mean[c])) / float(cfg.std[c]);
      for (const auto& y : {single, batch}) {
        QCOMPARE(y[c].min().item<float>(), expected);
        QCOMPARE(y[c].max().item<float>(), expected);
      }
    }
  }

  void nearestDuplicates() {
    auto img = torch::tensor({0, 255, 100, 50}, torch::TensorOptions().dtype(torch::kUInt8)).view({2, 2});
    const auto y = vq::preprocessImage(img, makeCfg(1, 4, 4, 1.0, "nearest", {0.0}, {1.0}));
    const auto expected = torch::tensor({0, 0, 255, 255, 0, 0, 255, 255, 100, 100, 50, 50, 100, 100, 50, 50},
                                        torch::TensorOptions().dtype(torch::kFloat32))
                              .view({1, 4, 4})
                              .div(255);
    QVERIFY(torch::equal(y, expected));
  }

  void rgbToGreyModel() {
    auto img = torch::zeros({2, 2, 3}, torch::TensorOptions().dtype(torch::kUInt8));
    img.select(2, 0).fill_(255);  // pure red: PIL "L" gives (255 * 19595 + 32768) >> 16 = 76
    const auto y = vq::preprocessImage(img, makeCfg(1, 2, 2, 1.0, "bicubic", {0.0}, {1.0}));
    QCOMPARE(y.sizes().vec(), (std::vector<int64_t>{1, 2, 2}));
    QCOMPARE(y.max().item<float>(), 76.0f / 255.0f);
    QCOMPARE(y.min().item<float>(), 76.0f / 255.0f);
  }

  void matchesReference_data() {
    QTest::addColumn<vq::Interpolation>("mode");
    QTest::addColumn<int>("srcH");
    QTest::addColumn<int>("srcW");
    QTest::addColumn<int>("size");
    for (auto [name, mode] : {std::pair{"bicubic", vq::Interpolation::Bicubic}, {"bilinear", vq::Interpolation::Bilinear},
                              {"nearest", vq::Interpolation::Nearest}}) {
      QTest::newRow(qPrintable(QString(name) + " 28 -> 32")) << mode << 28 << 28 << 32;
      QTest::newRow(qPrintable(QString(name) + " 28 -> 224")) << mode << 28 << 28 << 224;
      QTest::newRow(qPrintable(QString(name) + " 100x80 -> 32 (shrink)")) << mode << 100 << 80 << 32;
    }
  }

  // Per-image path against the plain-loop reference: at most one grey level apart (float
  // versus double weights at a .5 rounding boundary), and almost always identical.
  void matchesReference() {
    QFETCH(vq::Interpolation, mode);
    QFETCH(int, srcH);
    QFETCH(int, srcW);
    QFETCH(int, size);
    const char* names[] = {"nearest", "bilinear", "bicubic"};
    const auto cfg = makeCfg(1, size, size, 0.875, names[int(mode)]);
    const auto img = randomU8({srcH, srcW}, 7);
    const auto y = vq::preprocessImage(img, cfg)[0];
    const auto ref = referencePreprocess(img, cfg);
    const auto diff = (y - ref).abs();
    const float level = float(1.0 / 255.0 / cfg.std[0]);
    const double exact = (diff < 1e-5).to(torch::kFloat64).mean().item<double>();
    qInfo("max diff %.3g levels, %.4f%% exact", diff.max().item<float>() / level, 100 * exact);
    QVERIFY(diff.max().item<float>() <= level * 1.0001f);
    QVERIFY(exact >= 0.99);
  }

  // An image tall enough that both passes run in several strips gives exactly what whole-image
  // interpolation gives; against the double-precision reference it stays within one level
  // (torch computes the filter weights in float, which matters at coordinates near 20000).
  void stripsMatchWholeImage() {
    namespace F = torch::nn::functional;
    const auto cfg = makeCfg(1, 224, 224, 0.875, "bicubic");
    const auto img = randomU8({20000, 300}, 7);
    const auto g = vq::evalGeometry(20000, 300, cfg);
    QCOMPARE(g.resizeWidth, int64_t{256});
    QCOMPARE(g.resizeHeight, int64_t{17066});
    auto opts = [](int64_t h, int64_t w) {
      return F::InterpolateFuncOptions().size(std::vector<int64_t>{h, w}).mode(torch::kBicubic).align_corners(false).antialias(true);
    };
    auto wide = F::interpolate(img.to(torch::kFloat32).view({1, 1, 20000, 300}), opts(20000, 256)).add(0.5).floor().clamp(0, 255);
    auto tall = F::interpolate(wide, opts(17066, 256)).add(0.5).floor().clamp(0, 255);
    const auto expected = tall[0].narrow(1, g.cropTop, 224).narrow(2, g.cropLeft, 224).div(255).sub(0.5f).div(0.25f);
    const auto y = vq::preprocessImage(img, cfg);
    QVERIFY(torch::equal(y, expected));

    const auto diff = (y[0] - referencePreprocess(img, cfg)).abs();
    const double exact = (diff < 1e-5).to(torch::kFloat64).mean().item<double>();
    qInfo("against the reference: max diff %.3g levels, %.2f%% exact", diff.max().item<float>() * 255 * 0.25, 100 * exact);
    QVERIFY(diff.max().item<float>() <= 1.0001f / 255 / 0.25f);
    QVERIFY(exact >= 0.95);
  }

  void batchMatchesSingle_data() {
    QTest::addColumn<vq::Interpolation>("mode");
    QTest::addColumn<bool>("colour");
    QTest::addColumn<int>("size");
    for (auto [name, mode] : {std::pair{"bicubic", vq::Interpolation::Bicubic}, {"bilinear", vq::Interpolation::Bilinear},
                              {"nearest", vq::Interpolation::Nearest}})
      for (int size : {24, 32, 224}) {
        QTest::newRow(qPrintable(QString("%1 grey 28 -> %2").arg(name).arg(size))) << mode << false << size;
        QTest::newRow(qPrintable(QString("%1 rgb 20x30 -> %2").arg(name).arg(size))) << mode << true << size;
      }
  }

  // The batched fast path and the per-image path agree (they share one implementation).
  void batchMatchesSingle() {
    QFETCH(vq::Interpolation, mode);
    QFETCH(bool, colour);
    QFETCH(int, size);
    const char* names[] = {"nearest", "bilinear", "bicubic"};
    const auto cfg = makeCfg(3, size, size, 0.875, names[int(mode)]);
    const auto images = colour ? randomU8({6, 20, 30, 3}, 11) : randomU8({6, 28, 28}, 11);
    const auto batch = vq::preprocessBatch(images, cfg);
    QCOMPARE(batch.sizes().vec(), (std::vector<int64_t>{6, 3, size, size}));
    for (int64_t i = 0; i < 6; ++i) {
      const auto single = vq::preprocessImage(images[i], cfg);
      QVERIFY2((batch[i] - single).abs().max().item<float>() <= 1e-6f, qPrintable(QString("image %1").arg(i)));
    }
  }

  void deterministic() {
    const auto cfg = makeCfg(3, 64, 64, 0.875, "bicubic");
    const auto images = randomU8({64, 28, 28}, 5);
    torch::set_num_threads(1);
    const auto a = vq::preprocessBatch(images, cfg);
    torch::set_num_threads(2);
    const auto b = vq::preprocessBatch(images, cfg);
    const auto c = vq::preprocessBatch(images, cfg);
    QVERIFY(torch::equal(a, b));
    QVERIFY(torch::equal(b, c));
  }

  void badCfg_data() {
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("problem");
    QTest::newRow("interpolation") << "interpolation" << "interpolation 'lanczos' is not";
    QTest::newRow("channels") << "channels" << "1 or 3 channels";
    QTest::newRow("mean size") << "mean" << "one value per channel";
    QTest::newRow("std zero") << "std" << "std must be positive";
    QTest::newRow("crop zero") << "crop" << "crop_pct";
    QTest::newRow("size") << "size" << "1..8192";
  }

  void badCfg() {
    QFETCH(QString, field);
    QFETCH(QString, problem);
    auto cfg = makeCfg(3, 32, 32, 0.875, "bicubic");
    if (field == "interpolation") cfg.interpolation = "lanczos";
    if (field == "channels") cfg.inputSize[0] = 2;
    if (field == "mean") cfg.mean = {0.5};
    if (field == "std") cfg.std[1] = 0;
    if (field == "crop") cfg.cropPct = 0;
    if (field == "size") cfg.inputSize[2] = 0;
    const auto img = randomU8({28, 28}, 1);
    const QString msg = expectInputError([&] { vq::preprocessImage(img, cfg); });
    QVERIFY2(msg.startsWith("pretrained_cfg: ") && msg.contains(problem), qPrintable(msg));
    QCOMPARE(expectInputError([&] { vq::preprocessBatch(img.unsqueeze(0), cfg); }), msg);
  }

  void extremeAspectRatio() {
    const auto img = torch::zeros({1, 100000}, torch::TensorOptions().dtype(torch::kUInt8));
    const QString msg = expectInputError([&] { vq::preprocessImage(img, makeCfg(3, 224, 224, 0.875, "bicubic"), "strip.png"); });
    QVERIFY2(msg.startsWith("strip.png: image of 100000x1 pixels would be resized to 25600000x256"), qPrintable(msg));
  }

  void randomCropFlipReproducible() {
    const auto images = randomU8({32, 8, 8}, 2);
    const auto a = vq::randomCropFlip(images, 3, vq::makeGenerator(42));
    const auto b = vq::randomCropFlip(images, 3, vq::makeGenerator(42));
    const auto c = vq::randomCropFlip(images, 3, vq::makeGenerator(43));
    QCOMPARE(a.sizes(), images.sizes());
    QCOMPARE(a.scalar_type(), torch::kUInt8);
    QVERIFY(torch::equal(a, b));
    QVERIFY(!torch::equal(a, c));
    // One generator advances: two calls in a row differ.
    auto gen = vq::makeGenerator(42);
    const auto first = vq::randomCropFlip(images, 3, gen);
    QVERIFY(torch::equal(first, a));
    QVERIFY(!torch::equal(vq::randomCropFlip(images, 3, gen), a));
    // pad 0 and no flip: identity.
    QVERIFY(torch::equal(vq::randomCropFlip(images, 0, vq::makeGenerator(1), false), images));
  }

  // Every output is a crop of the padded input, possibly mirrored; over a batch all kinds occur.
  void randomCropFlipIsCropOfPadded() {
    const int64_t pad = 2, n = 64;
    const auto images = randomU8({n, 3, 6, 7}, 9);
    const auto out = vq::randomCropFlip(images, pad, vq::makeGenerator(7), true, 17);
    const auto padded = torch::constant_pad_nd(images, {pad, pad, pad, pad}, 17);
    int flips = 0;
    std::set<std::pair<int, int>> offsets;
    for (int64_t i = 0; i < n; ++i) {
      bool found = false;
      for (int dy = 0; dy <= 2 * pad && !found; ++dy)
        for (int dx = 0; dx <= 2 * pad && !found; ++dx)
          for (bool flip : {false, true}) {
            auto crop = padded[i].narrow(1, dy, 6).narrow(2, dx, 7);
            if (flip) crop = crop.flip({2});
            if (torch::equal(crop, out[i])) {
              found = true;
              flips += flip;
              offsets.insert({dy, dx});
              break;
            }
          }
      QVERIFY2(found, qPrintable(QString("sample %1 is not a crop of the padded input").arg(i)));
    }
    QVERIFY(flips > 10 && flips < 54);
    QVERIFY(offsets.size() > 10);
  }

  void augmentThenPreprocess() {
    const auto raw = randomU8({16, 28, 28}, 4);
    const auto x = vq::preprocessBatch(vq::randomCropFlip(raw, 4, vq::makeGenerator(0)), makeCfg(3, 32, 32, 0.875, "bicubic"));
    QCOMPARE(x.sizes().vec(), (std::vector<int64_t>{16, 3, 32, 32}));
  }
};

QTEST_APPLESS_MAIN(TestPreprocess)
#include "tst_preprocess.moc"
