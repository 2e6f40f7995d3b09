#include "core/model/model.h"

#include "core/util/error.h"

#include <torch/torch.h>

#include <sstream>

namespace vq {

void VisionModel::addUnit(std::string path, std::string kind, bool chained, UnitForward forward) {
  units_.push_back({std::move(path), std::move(kind), chained && !units_.empty()});
  unitForwards_.push_back(std::move(forward));
}

torch::Tensor VisionModel::runUnit(size_t index, const torch::Tensor& x) const {
  if (unitObserver_) unitObserver_->beforeUnit(index, x);
  auto y = unitForwards_.at(index)(x);
  if (unitObserver_) unitObserver_->afterUnit(index, y);
  return y;
}

void VisionModel::checkInput(const torch::Tensor& x, const std::string& source) const {
  std::ostringstream shape;
  shape << x.sizes();
  if (x.dim() != 4) inputError(source, "input has shape " + shape.str() + ", expected [B, C, H, W]");
  if (x.size(0) < 1) inputError(source, "input holds no images (batch size 0)");
  if (!x.is_floating_point()) inputError(source, "input must be a floating-point tensor");
  if (x.size(1) != inputChannels)
    inputError(source, "input has " + std::to_string(x.size(1)) + " channels, the model expects " + std::to_string(inputChannels));
  if (inputHeight > 0 && (x.size(2) != inputHeight || x.size(3) != inputWidth))
    inputError(source, "input is " + std::to_string(x.size(2)) + "x" + std::to_string(x.size(3)) + ", the model expects " +
                           std::to_string(inputHeight) + "x" + std::to_string(inputWidth));
  if (x.size(2) < inputMinSide || x.size(3) < inputMinSide || x.size(2) > 8192 || x.size(3) > 8192)
    inputError(source, "input is " + std::to_string(x.size(2)) + "x" + std::to_string(x.size(3)) +
                           ", the model needs sides from " + std::to_string(inputMinSide) + " to 8192");
}

}  // namespace vq
