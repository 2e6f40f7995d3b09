#pragma once
// A tiny integer-only model (a timm architecture with small model_args) calibrated on random images, and
// its logits on more random images from both engines: the end-to-end check that the fast engine (on
// whatever ISA is active) reproduces the reference bit for bit.
#include "core/integer/integer_model.h"
#include "core/integer/kernels.h"
#include "tiny_models.h"

#include <QString>

struct EngineLogits {
  torch::Tensor reference, fast;
};

inline EngineLogits tinyIntegerLogits(const QString& arch, const QString& modelArgs, int64_t images, int64_t calibrationImages,
                                      int weightBits = 8) {
  auto json = nlohmann::json::parse(modelArgs.toStdString());
  const int64_t side = json.value("img_size", 32);
  auto fp = tinyModel(arch.toStdString(), side, json);
  auto integer = vq::makeIntegerModel(*fp.model, "tiny", weightBits);
  const auto batch = torch::randn({images, 3, side, side});
  integer->calibrate(batch.narrow(0, 0, calibrationImages));
  c10::InferenceMode inference;
  EngineLogits logits;
  integer->setKernels(vq::referenceKernels());
  logits.reference = integer->forward(batch);
  integer->setKernels(vq::fastKernels());
  logits.fast = integer->forward(batch);
  return logits;
}
