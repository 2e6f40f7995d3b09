#pragma once
// The same inputs through several models — float, fake-quantized, integer-only — with each model's top-k,
// the true label when known, and each model's time per image: the studio's inference tab and its batch mode.
#include "core/data/dataset.h"
#include "core/eval/prediction_data.h"
#include "core/model/model.h"
#include "core/util/progress.h"

#include <string>
#include <vector>

namespace vq {

struct AnsweringModel {
  std::string name;
  VisionModel* model = nullptr;  // borrowed
};

// Image files; throws vq::Error(Input) naming the first unreadable one. Labels unknown.
PredictionComparison compareOnFiles(const std::vector<AnsweringModel>& models, const ModelConfig& cfg,
                                    const std::vector<std::string>& files, int64_t topk, const ProgressFn& progress = {},
                                    const CancelToken& cancel = {});

// Items of a data set, with their labels.
PredictionComparison compareOnDataset(const std::vector<AnsweringModel>& models, const ModelConfig& cfg, const Dataset& data,
                                      const std::vector<int64_t>& indices, int64_t topk, const ProgressFn& progress = {},
                                      const CancelToken& cancel = {});

// `count` distinct item indices of `data`, drawn with `seed`.
std::vector<int64_t> sampleIndices(const Dataset& data, int64_t count, uint64_t seed);

}  // namespace vq
