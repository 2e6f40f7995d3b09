#pragma once
// Top-1/top-5 accuracy of a model on a data set: the loop behind `vitquant eval`, the studio's runs
// and every quantization method's before/after numbers.
#include "core/data/dataset.h"
#include "core/model/model.h"
#include "core/util/progress.h"

#include <cstdint>

namespace vq {

struct EvalOptions {
  int64_t limit = -1;     // evaluate the first `limit` items (-1: all)
  int64_t batchSize = 100;
};

struct EvalResult {
  int64_t n = 0;
  double top1 = 0, top5 = 0;  // fractions in [0,1]; top5 is top-min(5, classes)
  double seconds = 0;
};

// Runs the model in inference mode; reports progress per batch and throws vq::Cancelled when the token fires.
// Throws vq::Error(Input) when the data set's classes exceed the model's.
EvalResult evaluate(VisionModel& model, const PretrainedCfg& cfg, const Dataset& data, const EvalOptions& options,
                    const ProgressFn& progress = {}, const CancelToken& cancel = {});

}  // namespace vq
