#include "core/eval/evaluate.h"

#include "core/util/error.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>

namespace vq {

EvalResult evaluate(VisionModel& model, const PretrainedCfg& cfg, const Dataset& data, const EvalOptions& options,
                    const ProgressFn& progress, const CancelToken& cancel) {
  const auto start = std::chrono::steady_clock::now();
  const int64_t n = options.limit < 0 ? data.size() : std::min(options.limit, data.size());
  const int64_t batchSize = std::max<int64_t>(1, options.batchSize);
  c10::InferenceMode inference;
  model.eval();
  int64_t correct1 = 0, correct5 = 0;
  for (int64_t first = 0; first < n; first += batchSize) {
    throwIfCancelled(cancel);
    const auto batch = data.batch(first, std::min(batchSize, n - first), cfg);
    if (first == 0) model.checkInput(batch.images, data.spec());
    const auto logits = model.forward(batch.images);
    if (first == 0 && logits.size(1) < data.numClasses())
      inputError(data.spec(), std::to_string(data.numClasses()) + " classes, but the model predicts only " +
                                  std::to_string(logits.size(1)));
    const int64_t k = std::min<int64_t>(5, logits.size(1));
    const auto topk = std::get<1>(logits.topk(k, 1));
    const auto hits = topk.eq(batch.labels.unsqueeze(1));
    correct1 += hits.select(1, 0).sum().item<int64_t>();
    correct5 += hits.any(1).sum().item<int64_t>();
    if (progress) progress(static_cast<double>(std::min(n, first + batchSize)) / static_cast<double>(n), "evaluating");
  }
  EvalResult r;
  r.n = n;
  r.top1 = n ? static_cast<double>(correct1) / static_cast<double>(n) : 0.0;
  r.top5 = n ? static_cast<double>(correct5) / static_cast<double>(n) : 0.0;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace vq
