// Range calibration: torch.quantile's linear interpolation, I&S-ViT's percentile grid search and the
// MSE range search (never worse than min-max, whose range it includes); both clip outliers at low bits.
#include "core/quant/calibration.h"
#include "core/util/error.h"

#include <QtTest/QtTest>
#include <torch/torch.h>

namespace {

double mse(const torch::Tensor& x, const vq::QuantParams& p) { return (vq::fakeQuantize(x, p) - x).pow(2).mean().item<double>(); }

torch::Tensor heavyTailed() {
  torch::manual_seed(3);
  auto x = torch::randn({4096});
  x.index_put_({torch::arange(0, 4096, 512)}, 12.0);  // eight moderate outliers: cheaper to clip than to cover at low bits
  return x;
}

}  // namespace

class TestCalibration : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void quantileInterpolates() {
    const auto x = torch::tensor({4.0, 1.0, 3.0, 2.0});
    QCOMPARE(vq::quantileLinear(x, 0.25), 1.75);  // position 0.75 between 1 and 2
    QCOMPARE(vq::quantileLinear(x, 0.0), 1.0);
    QCOMPARE(vq::quantileLinear(x, 1.0), 4.0);
    QCOMPARE(vq::quantileLinear(torch::tensor({5.0}), 0.3), 5.0);
  }

  void percentileSearchClipsOutliers_data() {
    QTest::addColumn<int>("scheme");
    QTest::addColumn<int>("bits");
    for (int bits : {3, 4, 8}) {
      QTest::newRow(("asym " + std::to_string(bits)).c_str()) << int(vq::QuantScheme::UniformAsymmetric) << bits;
      QTest::newRow(("sym " + std::to_string(bits)).c_str()) << int(vq::QuantScheme::UniformSymmetric) << bits;
    }
  }

  void percentileSearchClipsOutliers() {
    QFETCH(int, scheme);
    QFETCH(int, bits);
    const auto x = heavyTailed();
    const vq::QuantizerSpec spec{static_cast<vq::QuantScheme>(scheme), bits};
    const auto minmax = vq::minMaxParams(x, spec);
    const auto pct = vq::percentileSearch(x, spec, vq::weightPercentiles());
    const auto searched = vq::mseSearch(x, spec);
    // Factor 1 of the MSE search is the min-max range itself, so it can only do better.
    QVERIFY(mse(x, searched) <= mse(x, minmax) * (1 + 1e-6));
    if (bits <= 4) {  // few levels: both searches clip the outliers and beat min-max
      QVERIFY(pct.scale.item<double>() < minmax.scale.item<double>());
      QVERIFY(searched.scale.item<double>() < minmax.scale.item<double>());
      QVERIFY(mse(x, pct) < mse(x, minmax));
    }
  }

  // The kept range is exactly one candidate's [quantile(1-p), quantile(p)].
  void percentileRangeComesFromACandidate() {
    const auto x = heavyTailed();
    const vq::QuantizerSpec spec{vq::QuantScheme::UniformAsymmetric, 4};
    const auto p = vq::percentileSearch(x, spec, vq::activationPercentiles());
    bool found = false;
    for (double c : vq::activationPercentiles()) {
      const double s = (vq::quantileLinear(x, c) - vq::quantileLinear(x, 1 - c)) / 15.0;
      found = found || std::abs(s - p.scale.item<double>()) < 1e-6 * s;
    }
    QVERIFY(found);
  }

  void perChannel() {
    auto w = torch::randn({6, 32}) * torch::arange(1, 7).view({6, 1});
    const vq::QuantizerSpec spec{vq::QuantScheme::UniformSymmetric, 4, vq::Granularity::PerChannel, 0};
    const auto p = vq::percentileSearch(w, spec, vq::weightPercentiles());
    QCOMPARE(p.scale.sizes().vec(), (std::vector<int64_t>{6, 1}));
    QVERIFY(p.scale[5].item<double>() > p.scale[0].item<double>());  // wider rows get wider grids
    const auto m = vq::mseSearch(w, spec);
    QCOMPARE(m.scale.sizes().vec(), (std::vector<int64_t>{6, 1}));
    QVERIFY(mse(w, m) <= mse(w, vq::minMaxParams(w, spec)) * (1 + 1e-6));
  }

  void searchesKeepAOneSignedRange() {
    // A post-LayerNorm-like channel in [5, 6]: widened to [0, 6] it keeps a sixth of the levels.
    torch::manual_seed(4);
    const auto x = 5.0 + torch::rand({4096});
    vq::QuantizerSpec widened{vq::QuantScheme::UniformAsymmetric, 4};
    auto measured = widened;
    measured.rangeIncludesZero = false;
    for (const bool percentile : {true, false}) {
      const auto search = [&](const vq::QuantizerSpec& spec) {
        return percentile ? vq::percentileSearch(x, spec, vq::activationPercentiles()) : vq::mseSearch(x, spec);
      };
      const auto wide = search(widened), own = search(measured);
      QVERIFY(wide.zeroPoint.item<float>() >= 0.0f);
      QVERIFY(own.zeroPoint.item<float>() < -50.0f);  // about -5/s with s ≈ 1/15
      QVERIFY(own.scale.item<float>() <= 1.0f / 15 * 1.001f);
      QVERIFY2(mse(x, own) * 20 < mse(x, wide), percentile ? "percentile" : "mse");
    }
    // Per channel, each channel keeps its own one-signed range.
    const auto channels = torch::stack({x, -x, x - 5.5});
    measured.granularity = vq::Granularity::PerChannel;
    const auto p = vq::percentileSearch(channels, measured, vq::activationPercentiles());
    QVERIFY(p.zeroPoint[0][0].item<float>() < 0.0f);
    QVERIFY(p.zeroPoint[1][0].item<float>() > 15.0f);
    QVERIFY(p.zeroPoint[2][0].item<float>() >= 0.0f && p.zeroPoint[2][0].item<float>() <= 15.0f);
  }

  void refusesLog2AndPerToken() {
    const auto x = torch::rand({4, 4});
    for (const auto& spec : {vq::QuantizerSpec{vq::QuantScheme::Log2, 4}, vq::QuantizerSpec{vq::QuantScheme::UniformAsymmetric, 4, vq::Granularity::PerToken}}) {
      try {
        vq::mseSearch(x, spec);
        QFAIL("accepted a spec the search does not handle");
      } catch (const vq::Error& e) {
        QCOMPARE(e.kind(), vq::ErrorKind::Usage);
      }
    }
  }
};

QTEST_APPLESS_MAIN(TestCalibration)
#include "tst_calibration.moc"
