#pragma once
// Trains a zoo architecture from scratch on a labelled data set (the built-in models are made this way):
// AdamW, linear warm-up then cosine decay per step, label smoothing, random crop with padding and
// horizontal flip. Deterministic for a given seed and thread count: the shuffling and augmentation of
// epoch e come from a generator seeded with (seed, e), so a resumed run continues exactly.
#include "core/model/config.h"
#include "core/util/progress.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

namespace vq {

struct TrainOptions {
  ModelConfig config;            // architecture, model_args, pretrained_cfg (input size, mean/std)
  std::string data = "fashion-mnist:train";
  std::string evalData = "fashion-mnist:test";
  std::string outDir;
  int epochs = 10;
  int64_t batchSize = 128;
  double lr = 1e-3, weightDecay = 0.05, warmupEpochs = 1.0, labelSmoothing = 0.1, minLrRatio = 0.01;
  int64_t cropPad = 2;
  bool hflip = true;
  uint64_t seed = 0;
  bool resume = false;
  int64_t evalLimit = -1;        // test images evaluated after each epoch (-1: all)
  std::string command;           // the command line that reproduces the run, recorded in config.json
};

struct EpochRecord {
  int epoch = 0;
  double trainLoss = 0, trainTop1 = 0, testTop1 = 0, testTop5 = 0, seconds = 0;
};

struct TrainResult {
  std::vector<EpochRecord> history;
  bool cancelled = false;  // stopped early; outDir holds the last finished epoch
  double seconds = 0;
};

// Progress: fraction of the whole run, and a phase such as "epoch 3/30 loss 0.512".
// After each finished epoch the model folder (config.json + model.safetensors) and the resume state are
// written atomically to outDir, and onEpoch (if set) is called.
TrainResult train(const TrainOptions& options, const ProgressFn& progress, const CancelToken& cancel,
                  const std::function<void(const EpochRecord&)>& onEpoch = {});

// The mean/std of Fashion-MNIST's training pixels, used as the built-in models' normalisation.
constexpr double kFashionMnistMean = 0.2860, kFashionMnistStd = 0.3530;

}  // namespace vq
