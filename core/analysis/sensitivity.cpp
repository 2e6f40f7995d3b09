#include "core/analysis/sensitivity.h"

#include "core/quant/quant_model.h"
#include "core/util/error.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace vq {
namespace {

// Accumulates one site's float-vs-quantized error while that site alone is quantized.
class ErrorMeter : public SiteHook {
public:
  ErrorMeter(int site, SiteQuantizer& q) : site_(site), q_(q) {}
  torch::Tensor onSite(const SiteInfo& site, const torch::Tensor& x) override {
    if (site.id != site_) return x;
    const auto xf = x.to(torch::kFloat64), yf = q_.apply(x).to(torch::kFloat64);
    signal += xf.pow(2).sum().item<double>();
    noise += (xf - yf).pow(2).sum().item<double>();
    dot += (xf * yf).sum().item<double>();
    quantEnergy += yf.pow(2).sum().item<double>();
    count += static_cast<double>(x.numel());
    return x;
  }
  double signal = 0, noise = 0, dot = 0, quantEnergy = 0, count = 0;

private:
  int site_;
  SiteQuantizer& q_;
};

double top1Of(const torch::Tensor& logits, const torch::Tensor& labels) {
  return logits.argmax(1).eq(labels).to(torch::kFloat64).mean().item<double>();
}

}  // namespace

double sqnrDb(double signal, double noise) {
  if (noise <= 0) return 200.0;
  return std::min(200.0, 10.0 * std::log10(std::max(signal, 1e-300) / noise));
}

SensitivityReport analyzeSensitivity(const LoadedModel& quantized, const Dataset& data, int64_t limit, const ProgressFn& progress,
                                     const CancelToken& cancel) {
  auto& model = *quantized.model;
  auto* table = dynamic_cast<SiteQuantizers*>(model.sites().hook());
  if (!table) inputError(quantized.spec, "is not quantized (give a quantized folder or a method)");
  const int64_t n = limit < 0 ? data.size() : std::min(limit, data.size());
  const auto batch = data.batch(0, n, quantized.config.pretrained);
  model.checkInput(batch.images, data.spec());
  c10::InferenceMode inference;
  constexpr int64_t kChunk = 250;
  const auto run = [&]() {
    std::vector<torch::Tensor> parts;
    for (int64_t first = 0; first < n; first += kChunk) parts.push_back(model.forward(batch.images.narrow(0, first, std::min(kChunk, n - first))));
    return torch::cat(parts, 0).to(torch::kFloat64);
  };

  struct Restore {
    SiteQuantizers& t;
    ~Restore() {
      t.enabled = true;
      t.only = -1;
      t.observer = nullptr;
    }
  } restore{*table};

  SensitivityReport report;
  report.n = n;
  table->enabled = false;
  const auto fp = run();
  report.fpTop1 = top1Of(fp, batch.labels);
  table->enabled = true;
  report.quantTop1 = top1Of(run(), batch.labels);
  const double fpEnergy = fp.pow(2).sum().item<double>();

  std::vector<int> ids;
  for (const auto& s : model.sites().sites())
    if (table->get(s.id)) ids.push_back(s.id);
  for (size_t i = 0; i < ids.size(); ++i) {
    throwIfCancelled(cancel);
    const auto& site = model.sites().sites()[static_cast<size_t>(ids[i])];
    ErrorMeter meter(site.id, *table->get(site.id));
    table->only = site.id;
    table->observer = &meter;
    const auto logits = run();
    SiteSensitivity s;
    s.site = site.name;
    s.kind = siteKindName(site.kind);
    s.sqnrDb = sqnrDb(meter.signal, meter.noise);
    s.mse = meter.count > 0 ? meter.noise / meter.count : 0.0;
    s.cosine = meter.signal > 0 && meter.quantEnergy > 0 ? meter.dot / std::sqrt(meter.signal * meter.quantEnergy) : 1.0;
    s.logitsSqnrDb = sqnrDb(fpEnergy, (logits - fp).pow(2).sum().item<double>());
    s.top1 = top1Of(logits, batch.labels);
    s.top1Drop = report.fpTop1 - s.top1;
    report.sites.push_back(s);
    if (progress) progress(static_cast<double>(i + 1) / static_cast<double>(ids.size()), "site " + site.name);
  }
  std::stable_sort(report.sites.begin(), report.sites.end(), [](const SiteSensitivity& a, const SiteSensitivity& b) {
    if (a.top1Drop != b.top1Drop) return a.top1Drop > b.top1Drop;
    return a.logitsSqnrDb < b.logitsSqnrDb;
  });
  return report;
}

nlohmann::json toJson(const SensitivityReport& r) {
  nlohmann::json sites = nlohmann::json::array();
  for (const auto& s : r.sites)
    sites.push_back({{"site", s.site},
                     {"kind", s.kind},
                     {"sqnr_db", s.sqnrDb},
                     {"mse", s.mse},
                     {"cosine", s.cosine},
                     {"logits_sqnr_db", s.logitsSqnrDb},
                     {"top1", s.top1},
                     {"top1_drop", s.top1Drop}});
  return {{"n", r.n}, {"fp_top1", r.fpTop1}, {"quant_top1", r.quantTop1}, {"sites", sites}};
}

}  // namespace vq
