#include "core/analysis/observe.h"

#include "core/quant/quant_model.h"

#include <torch/torch.h>

namespace vq {

std::unique_ptr<SiteStatistics> observeFloatSites(const LoadedModel& loaded, const torch::Tensor& images, const std::vector<int>& sites,
                                                  int64_t sampleBudget, uint64_t seed, const ProgressFn& progress, const CancelToken& cancel) {
  auto& model = *loaded.model;
  auto stats = std::make_unique<SiteStatistics>(sites, images.size(0), sampleBudget, seed);
  auto* table = dynamic_cast<SiteQuantizers*>(model.sites().hook());
  c10::InferenceMode inference;
  std::unique_ptr<ScopedSiteHook> scoped;
  if (table) {
    table->enabled = false;
    table->observer = stats.get();
  } else {
    scoped = std::make_unique<ScopedSiteHook>(model.sites(), stats.get());
  }
  struct Restore {
    SiteQuantizers* t;
    ~Restore() {
      if (t) t->enabled = true, t->observer = nullptr;
    }
  } restore{table};
  constexpr int64_t kChunk = 128;
  for (int64_t first = 0; first < images.size(0); first += kChunk) {
    throwIfCancelled(cancel);
    model.forward(images.narrow(0, first, std::min(kChunk, images.size(0) - first)));
    if (progress) progress(std::min(1.0, static_cast<double>(first + kChunk) / static_cast<double>(images.size(0))), "collecting values");
  }
  return stats;
}

}  // namespace vq
