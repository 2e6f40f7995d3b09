#pragma once
// Integer-only models (I-ViT): made from a float model, calibrated, and stored as integer.safetensors
// beside the float model they came from. openModel() returns one for a folder whose quant.json says
// "integer"; it is a VisionModel, so evaluation and prediction treat it like any other model.
#include "core/integer/int_layers.h"
#include "core/model/model.h"

#include <memory>
#include <string>

namespace vq {

class IntegerModel : public VisionModel {
public:
  using VisionModel::VisionModel;
  // Fits every activation step, in forward order, to the largest |value| these images produce.
  virtual void calibrate(const torch::Tensor& images) = 0;
  bool calibrated() const { return calibrated_; }
  // Every stored tensor and number, by name.
  virtual void visit(IntVisitor& v) = 0;

  // The engine forward() runs on (default: fast); both give the same integers.
  void setKernels(const IntKernels& kernels) { kernels_ = &kernels; }
  const IntKernels& kernels() const { return *kernels_; }

protected:
  IntContext inferenceContext() const {
    IntContext ctx;
    ctx.kernels = kernels_;
    return ctx;
  }

  bool calibrated_ = false;
  const IntKernels* kernels_ = &fastKernels();
  friend void readIntegerModel(const std::string& path, IntegerModel& model);
};

// Quantizes the weights of `fp` (ViT/DeiT or Swin): the transformer layers' to `weightBits` (2–8), the patch
// embedding and classifier to 8 bits; throws vq::Error(Input) naming `source` for other families.
std::shared_ptr<IntegerModel> makeIntegerModel(VisionModel& fp, const std::string& source, int weightBits = 8);

// The file name inside a model folder.
inline constexpr const char* kIntegerFile = "integer.safetensors";

void writeIntegerModel(const std::string& path, IntegerModel& model);
// Fills a model made by makeIntegerModel from the float model of the same folder. Every tensor's name, type
// and range is checked and a dry run checks the shapes; problems are vq::Error(Input) naming `path`.
void readIntegerModel(const std::string& path, IntegerModel& model);

}  // namespace vq
