#include "core/eval/engine_agreement.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>

namespace vq {

EngineAgreement compareEngines(IntegerModel& model, const PretrainedCfg& cfg, const Dataset& data, int64_t limit, int64_t batchSize,
                               const ProgressFn& progress, const CancelToken& cancel) {
  c10::InferenceMode inference;
  const auto& previous = model.kernels();
  EngineAgreement a;
  a.n = limit < 0 ? data.size() : std::min(limit, data.size());
  const auto timed = [&](const IntKernels& k, const torch::Tensor& images, double& seconds) {
    model.setKernels(k);
    const auto t0 = std::chrono::steady_clock::now();
    auto logits = model.forward(images);
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return logits;
  };
  for (int64_t first = 0; first < a.n; first += batchSize) {
    throwIfCancelled(cancel);
    const auto batch = data.batch(first, std::min(batchSize, a.n - first), cfg);
    if (first == 0) model.checkInput(batch.images, data.spec());
    const auto ref = timed(referenceKernels(), batch.images, a.referenceSeconds);
    const auto fast = timed(fastKernels(), batch.images, a.fastSeconds);
    a.differing += ref.ne(fast).any(1).sum().item<int64_t>();
    a.maxAbsDiff = std::max(a.maxAbsDiff, (ref - fast).abs().max().item<double>());
    if (progress) progress(static_cast<double>(std::min(a.n, first + batchSize)) / static_cast<double>(a.n), "comparing engines");
  }
  model.setKernels(previous);
  return a;
}

}  // namespace vq
