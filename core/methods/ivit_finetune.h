#pragma once
// I-ViT's quantization-aware fine-tuning (docs/design/methods.md §4.1, §4.8): before a float model is frozen into
// integers, its weights train through a fake-quantized copy of what the integer engine computes, so
// they adapt to the engine's 8-bit rounding and to ShiftGELU's sigmoid form of GELU.
#include "core/methods/qvit_training.h"

namespace vq {

// Trains the weights of `qm` (a fresh copy of `teacher` with an empty quantizer table) on `data` in place,
// the quantizers' steps fitted on `calibImages` first, with the transformer layers' weights at `weightBits`
// as makeIntegerModel() will round them. Leaves `qm` with its quantizer table empty and its GELUs exact
// again, ready for makeIntegerModel(). Throws vq::Cancelled when cancelled.
QatResult finetuneForIntegers(QuantizedModel& qm, const LoadedModel& teacher, const Dataset& data, const torch::Tensor& calibImages,
                              const QatOptions& options, const ProgressFn& progress, const CancelToken& cancel, int weightBits = 8);

}  // namespace vq
