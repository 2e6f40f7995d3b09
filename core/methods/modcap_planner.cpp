#include "core/methods/modcap_planner.h"

#include "core/model/layers.h"

#include <torch/torch.h>

#include <algorithm>
#include <numeric>

namespace vq {

MergePlan planMerges(const std::vector<double>& capacity, const std::vector<bool>& chained, int topk) {
  assert(capacity.size() == chained.size());
  const size_t n = capacity.size();
  MergePlan plan;
  plan.differentials.assign(n > 0 ? n - 1 : 0, 0.0);
  for (size_t i = 0; i + 1 < n; ++i)
    if (chained[i + 1]) plan.differentials[i] = std::abs(capacity[i] - capacity[i + 1]);

  std::vector<size_t> order(plan.differentials.size());
  std::iota(order.begin(), order.end(), size_t{0});
  // Largest first; ties go to the earlier pair, so a plan never depends on sort stability.
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return plan.differentials[a] != plan.differentials[b] ? plan.differentials[a] > plan.differentials[b] : a < b;
  });
  for (size_t i : order) {
    if (static_cast<int>(plan.merged.size()) >= topk || plan.differentials[i] <= 0) break;
    plan.merged.push_back(i);
  }
  std::sort(plan.merged.begin(), plan.merged.end());

  std::vector<bool> joinsNext(n, false);
  for (size_t i : plan.merged) joinsNext[i] = true;
  for (size_t first = 0; first < n;) {
    size_t last = first;
    while (last + 1 < n && joinsNext[last]) ++last;
    plan.groups.push_back({first, last});
    first = last + 1;
  }
  return plan;
}

std::vector<double> dataFreeCapacities(VisionModel& model, int wbits) {
  std::vector<double> capacity(model.units().size(), 0.0);
  const auto under = [](const std::string& name, const std::string& path) {
    return name.size() > path.size() && name.compare(0, path.size(), path) == 0 && name[path.size()] == '.';
  };
  for (const auto& item : model.named_modules("", false)) {
    const auto& name = item.key();
    torch::Tensor weight;
    int64_t stride = 1;
    if (auto* conv = item.value()->as<QConv2dImpl>()) {
      weight = conv->weight;
      stride = conv->spec.stride;
    } else if (auto* linear = item.value()->as<QLinearImpl>()) {
      weight = linear->weight;
    } else {
      continue;
    }
    for (size_t u = 0; u < model.units().size(); ++u) {
      const auto& path = model.units()[u].path;
      if (name == path || under(name, path)) {
        capacity[u] += static_cast<double>(weight.numel()) * wbits / static_cast<double>(stride * stride);
        break;
      }
    }
  }
  return capacity;
}

std::vector<bool> chainedUnits(const VisionModel& model) {
  std::vector<bool> out;
  for (const auto& u : model.units()) out.push_back(u.chained);
  return out;
}

double oscillationIndex(const std::vector<double>& loss) {
  double index = 0;
  for (size_t i = 2; i < loss.size(); ++i) {
    const double before = loss[i - 1] - loss[i - 2], after = loss[i] - loss[i - 1];
    if (before * after < 0) index += 0.5 * (std::abs(before) + std::abs(after));
  }
  return index;
}

}  // namespace vq
