#pragma once
// Site hooks shared by the zoo tests.
#include "core/model/sites.h"

#include <torch/torch.h>

#include <vector>

// Counts how often each site is visited during a forward; passes tensors through unchanged.
class CountingHook : public vq::SiteHook {
public:
  explicit CountingHook(size_t sites) : visits(sites, 0) {}
  torch::Tensor onSite(const vq::SiteInfo& site, const torch::Tensor& x) override {
    ++visits[static_cast<size_t>(site.id)];
    return x;
  }
  std::vector<int> visits;
};
