#pragma once
// Runs an integer-only model on both engines over a data set and checks that their logits agree bit for
// bit (the contract of core/integer/kernels.h), image by image.
#include "core/data/dataset.h"
#include "core/integer/integer_model.h"
#include "core/util/progress.h"

namespace vq {

struct EngineAgreement {
  int64_t n = 0, differing = 0;  // images whose logits differ in any bit
  double maxAbsDiff = 0;
  double referenceSeconds = 0, fastSeconds = 0;
};

EngineAgreement compareEngines(IntegerModel& model, const PretrainedCfg& cfg, const Dataset& data, int64_t limit, int64_t batchSize,
                               const ProgressFn& progress = {}, const CancelToken& cancel = {});

}  // namespace vq
