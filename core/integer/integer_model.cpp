#include "core/integer/integer_model.h"

#include "core/integer/int_swin.h"
#include "core/integer/int_vit.h"
#include "core/io/safetensors.h"
#include "core/model/swin.h"
#include "core/model/vit.h"
#include "core/util/error.h"

#include <torch/torch.h>

#include <cmath>
#include <set>

namespace vq {
namespace {

constexpr const char* kFormat = "vitquant-integer";

class Writer : public IntVisitor {
public:
  SafeTensors file;
  void tensor(const std::string& name, torch::Tensor& t, torch::ScalarType dtype) override {
    assert(t.defined() && t.scalar_type() == dtype);
    file.tensors[name] = t.contiguous();
  }
  void number(const std::string& name, double& v) override { file.tensors[name] = torch::tensor({v}, torch::kFloat64); }
  void integer(const std::string& name, int& v) override { file.tensors[name] = torch::tensor({int64_t{v}}, torch::kInt64); }
};

bool endsWith(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

class Reader : public IntVisitor {
public:
  Reader(const SafeTensors& file, std::string path) : file_(file), path_(std::move(path)) {}

  void tensor(const std::string& name, torch::Tensor& t, torch::ScalarType dtype) override {
    const auto& found = take(name, dtype);
    if (t.defined() && t.sizes() != found.sizes()) fail(name, "has the wrong shape");
    if (dtype == torch::kInt8 && found.numel() && found.min().item<int64_t>() < -127) fail(name, "holds -128 (weights are symmetric, ±127)");
    if (endsWith(name, ".m") && found.numel() && found.abs().max().item<int64_t>() >= (int64_t{1} << 31))
      fail(name, "is not a 31-bit dyadic multiplier");
    if (dtype == torch::kFloat64 && !torch::isfinite(found).all().item<bool>()) fail(name, "is not finite");
    t = found.clone();
  }
  void number(const std::string& name, double& v) override {
    const auto& found = take(name, torch::kFloat64);
    if (found.numel() != 1) fail(name, "should hold one number");
    v = found.item<double>();
    if (!std::isfinite(v) || v < 0 || (endsWith(name, ".scale") && v <= 0)) fail(name, "is not a positive finite step");
  }
  void integer(const std::string& name, int& v) override {
    const auto& found = take(name, torch::kInt64);
    if (found.numel() != 1) fail(name, "should hold one integer");
    const auto value = found.item<int64_t>();
    if (value < 0 || value > 62) fail(name, "is not a shift in 0..62");
    v = static_cast<int>(value);
  }
  void finish() const {
    for (const auto& [name, t] : file_.tensors)
      if (!used_.count(name)) fail(name, "is not part of this model");
  }

private:
  const torch::Tensor& take(const std::string& name, torch::ScalarType dtype) {
    const auto it = file_.tensors.find(name);
    if (it == file_.tensors.end()) inputError(path_, "tensor '" + name + "' is missing");
    if (it->second.scalar_type() != dtype) fail(name, std::string("should be ") + c10::toString(dtype));
    used_.insert(name);
    return it->second;
  }
  [[noreturn]] void fail(const std::string& name, const std::string& problem) const {
    inputError(path_, "tensor '" + name + "' " + problem);
  }

  const SafeTensors& file_;
  std::string path_;
  std::set<std::string> used_;
};

}  // namespace

std::shared_ptr<IntegerModel> makeIntegerModel(VisionModel& fp, const std::string& source, int weightBits) {
  if (weightBits < 2 || weightBits > 8) usageError(source + ": integer weights have 2 to 8 bits, not " + std::to_string(weightBits));
  if (auto* vit = dynamic_cast<VisionTransformer*>(&fp)) return std::make_shared<IntegerVit>(*vit, weightBits);
  if (auto* swin = dynamic_cast<SwinTransformer*>(&fp)) return std::make_shared<IntegerSwin>(*swin, weightBits);
  inputError(source, "integer-only inference supports ViT/DeiT and Swin models, not the '" + fp.family() + "' family");
}

void writeIntegerModel(const std::string& path, IntegerModel& model) {
  assert(model.calibrated());
  Writer w;
  model.visit(w);
  w.file.metadata["format"] = kFormat;
  w.file.metadata["version"] = "1";
  w.file.metadata["family"] = model.family();
  writeSafetensors(path, w.file);
}

void readIntegerModel(const std::string& path, IntegerModel& model) {
  const auto file = readSafetensors(path);
  const auto format = file.metadata.find("format");
  if (format == file.metadata.end() || format->second != kFormat) inputError(path, "is not a vitquant integer model");
  const auto version = file.metadata.find("version");
  if (version == file.metadata.end() || version->second != "1") inputError(path, "has an integer-model version this build does not read");
  Reader r(file, path);
  model.visit(r);
  r.finish();
  model.calibrated_ = true;
  // A dry run on one image catches tensors whose shapes do not fit together.
  try {
    c10::InferenceMode inference;
    const auto side = std::max<int64_t>(model.inputHeight, model.inputMinSide);
    model.forward(torch::zeros({1, model.inputChannels, side, std::max<int64_t>(model.inputWidth, side)}));
  } catch (const c10::Error& e) {
    model.calibrated_ = false;
    const std::string what = e.what_without_backtrace();
    inputError(path, "its tensors do not fit the model (" + what.substr(0, what.find('\n')) + ")");
  }
}

}  // namespace vq
