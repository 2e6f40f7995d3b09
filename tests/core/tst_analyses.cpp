// Sensitivity and histogram analyses on a small random DeiT with real Fashion-MNIST images: every
// quantized site is measured once, worst first; histograms count every sampled value and carry the
// quantizer's levels and clipping range; a float model is refused by the sensitivity analysis.
#include "core/analysis/histograms.h"
#include "core/analysis/sensitivity.h"
#include "core/data/dataset.h"
#include "core/quant/calibrate.h"
#include "core/quant/quant_model.h"
#include "input_errors.h"
#include "tiny_models.h"

#include <QtTest/QtTest>
#include <torch/torch.h>

namespace {

vq::QuantizedModel quantized(const vq::LoadedModel& fp, int wbits, int abits, const torch::Tensor& images) {
  auto qm = vq::makeQuantizedModel(fp);
  vq::calibrate(qm, vq::basicPlan(*fp.model, wbits, abits, vq::RangeMethod::MinMax, vq::RangeMethod::MinMax), images, {});
  return qm;
}

}  // namespace

class TestAnalyses : public QObject {
  Q_OBJECT
  std::unique_ptr<vq::Dataset> data_ = vq::openDataset("fashion-mnist");

private Q_SLOTS:
  void sensitivityMeasuresEverySite() {
    const auto fp = tinyDeit(28, 7, 32, 1);
    const auto images = data_->batch(0, 32, fp.config.pretrained).images;
    auto q8 = quantized(fp, 8, 8, images), q2 = quantized(fp, 2, 2, images);
    const auto r8 = vq::analyzeSensitivity(q8.loaded, *data_, 100), r2 = vq::analyzeSensitivity(q2.loaded, *data_, 100);
    QCOMPARE(r8.n, int64_t{100});
    QCOMPARE(r8.fpTop1, r2.fpTop1);
    std::set<std::string> seen;
    for (const auto& s : r8.sites) QVERIFY(seen.insert(s.site).second);
    size_t quantizedSites = 0;
    for (const auto& s : q8.model().sites().sites()) quantizedSites += q8.quantizers->get(s.id) != nullptr;
    QCOMPARE(seen.size(), quantizedSites);
    for (size_t i = 1; i < r2.sites.size(); ++i) QVERIFY(r2.sites[i - 1].top1Drop >= r2.sites[i].top1Drop);
    // Eight bits keep every tensor near its float values; two bits cannot.
    for (const auto& s : r8.sites) QVERIFY2(s.sqnrDb > 25 && s.cosine > 0.99, s.site.c_str());
    double worst2 = 1e9;
    for (const auto& s : r2.sites) worst2 = std::min(worst2, s.sqnrDb);
    QVERIFY(worst2 < 15);
    // The table is restored: every site quantized again afterwards.
    auto* table = dynamic_cast<vq::SiteQuantizers*>(q8.model().sites().hook());
    QVERIFY(table && table->enabled && table->only == -1 && !table->observer);
  }

  void sensitivityRefusesFloatModels() {
    const auto fp = tinyDeit(28, 7, 32, 1);
    QVERIFY(expectInputError([&] { vq::analyzeSensitivity(fp, *data_, 10); }).contains("is not quantized"));
  }

  void histogramsCarryLevels() {
    const auto fp = tinyDeit(28, 7, 32, 1);
    const auto images = data_->batch(0, 16, fp.config.pretrained).images;
    auto q = quantized(fp, 3, 4, images);
    vq::HistogramOptions o;
    o.bins = 40;
    const auto hs = vq::siteHistograms(q.loaded, images, o);
    QCOMPARE(hs.size(), q.model().sites().sites().size());
    for (const auto& h : hs) {
      QCOMPARE(h.counts.size(), size_t{40});
      QCOMPARE(h.edges.size(), size_t{41});
      int64_t total = 0;
      for (auto c : h.counts) total += c;
      QVERIFY2(total == h.sampled && total > 0, h.site.c_str());
      if (h.kind == "weight") QCOMPARE(h.levels.size(), size_t{8});
      if (h.kind == "linear_input" && !h.quantizer.empty()) QCOMPARE(h.levels.size(), size_t{16});
      if (!h.levels.empty()) {
        QCOMPARE(h.clipLow, h.levels.front());
        QVERIFY(h.edges.front() <= std::min(h.min, h.clipLow) && h.edges.back() >= std::max(h.max, h.clipHigh) - 1e-9);
      }
      if (h.kind == "norm_output") QCOMPARE(h.channelMin.size(), size_t{32});
    }
    o.match = "softmax.output";
    // A SULQ softmax shows its power-of-two levels (2^b + 1 of them in the official code's convention).
    auto plan = vq::basicPlan(*fp.model, 3, 4, vq::RangeMethod::MinMax, vq::RangeMethod::MinMax);
    for (auto& p : plan)
      if (fp.model->sites().sites()[static_cast<size_t>(p.site)].kind == vq::SiteKind::SoftmaxOutput) p.sulq = true;
    auto withSulq = vq::makeQuantizedModel(fp);
    vq::calibrate(withSulq, plan, images, {});
    const auto sulq = vq::siteHistograms(withSulq.loaded, images, o);
    QCOMPARE(sulq.size(), size_t{1});
    QVERIFY2(sulq[0].quantizer.rfind("sulq 4-bit", 0) == 0, sulq[0].quantizer.c_str());
    QCOMPARE(sulq[0].levels.size(), size_t{17});
    const auto only = vq::siteHistograms(fp, images, o);  // a float model: values, no levels
    QCOMPARE(only.size(), size_t{1});
    QVERIFY(only[0].levels.empty() && only[0].quantizer.empty());
    QVERIFY(only[0].min >= 0 && only[0].max <= 1);
    QVERIFY(vq::toCsv(only).rfind("site,kind,bin_low,bin_high,count\nblocks.0.attn.softmax.output,softmax_output,", 0) == 0);
  }
};

QTEST_GUILESS_MAIN(TestAnalyses)
#include "tst_analyses.moc"
