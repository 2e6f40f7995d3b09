#include "core/quant/quant_json.h"

#include "core/quant/irm_quantizer.h"
#include "core/quant/sulq.h"
#include "core/util/error.h"

#include <torch/torch.h>

#include <cmath>
#include <limits>

namespace vq {
namespace {

nlohmann::json specJson(const QuantizerSpec& spec) {
  nlohmann::json j = {{"scheme", schemeInfo(spec.scheme).name}, {"bits", spec.bits}, {"granularity", granularityName(spec.granularity)},
                      {"axis", spec.axis}};
  if (spec.scheme == QuantScheme::UniformAsymmetric) {
    j["range_includes_zero"] = spec.rangeIncludesZero;
    j["clamp_zero_point"] = spec.clampZeroPoint;
  }
  return j;
}

// Field readers that turn a missing or mistyped field into one input error.
struct Reader {
  const nlohmann::json& j;
  const std::string& file;
  const std::string& site;

  [[noreturn]] void fail(const std::string& problem) const { inputError(file, "site '" + site + "': " + problem); }
  const nlohmann::json& field(const char* name) const {
    if (!j.is_object() || !j.contains(name)) fail(std::string("missing \"") + name + "\"");
    return j.at(name);
  }
  std::string text(const char* name) const {
    const auto& f = field(name);
    if (!f.is_string()) fail(std::string("\"") + name + "\" is not a string");
    return f.get<std::string>();
  }
  // Fields added after the format's first version: absent means the old behaviour.
  bool optionalFlag(const char* name, bool absent) const {
    if (!j.is_object() || !j.contains(name)) return absent;
    if (!j.at(name).is_boolean()) fail(std::string("\"") + name + "\" is not true or false");
    return j.at(name).get<bool>();
  }
  int64_t integer(const char* name) const {
    const auto& f = field(name);
    if (!f.is_number_integer()) fail(std::string("\"") + name + "\" is not an integer");
    return f.get<int64_t>();
  }
  std::vector<float> floats(const char* name, size_t count) const {
    const auto& f = field(name);
    if (!f.is_array() || f.size() != count)
      fail(std::string("\"") + name + "\" must be an array of " + std::to_string(count) + " numbers");
    std::vector<float> out;
    for (const auto& v : f) {
      // A double beyond float's range would overflow the conversion below (undefined behaviour).
      if (!v.is_number() || !std::isfinite(v.get<double>()) || std::abs(v.get<double>()) > std::numeric_limits<float>::max())
        fail(std::string("\"") + name + "\" holds a value that is not a finite float32 number");
      out.push_back(v.get<float>());
    }
    return out;
  }
  QuantizerSpec spec() const {
    QuantizerSpec s;
    try {
      s.scheme = schemeByName(text("scheme"));
      s.granularity = granularityByName(text("granularity"));
    } catch (const Error& e) {
      fail(e.what());
    }
    const auto bits = integer("bits");
    if (bits < 2 || bits > 8) fail("bits must be 2..8, got " + std::to_string(bits));
    s.bits = static_cast<int>(bits);
    const auto axis = integer("axis");
    if (axis < -8 || axis > 8) fail("axis " + std::to_string(axis) + " is out of range");
    s.axis = static_cast<int>(axis);
    s.rangeIncludesZero = optionalFlag("range_includes_zero", true);
    s.clampZeroPoint = optionalFlag("clamp_zero_point", false);
    return s;
  }
};

SiteQuantizerPtr sulqFromJson(const Reader& r) {
  SulqParams p;
  const auto bits = r.integer("bits");
  if (bits < 2 || bits > 8) r.fail("bits must be 2..8, got " + std::to_string(bits));
  p.bits = static_cast<int>(bits);
  try {
    p.levels = sulqLevelsByName(r.text("levels"));
  } catch (const Error& e) {
    r.fail(e.what());
  }
  const auto number = [&](const char* name) {
    const auto& f = r.field(name);
    if (!f.is_number() || !std::isfinite(f.get<double>())) r.fail(std::string("\"") + name + "\" is not a finite number");
    return f.get<double>();
  };
  p.eta = number("eta");
  p.lo = number("lo");
  p.hi = number("hi");
  if (!(p.eta > 0)) r.fail("eta must be > 0");
  if (!(p.hi >= p.lo) || p.hi - p.lo > 1e4) r.fail("lo/hi must satisfy lo <= hi (a sane log2 range)");
  return std::make_shared<SulqQuantizer>(p);
}

SiteQuantizerPtr irmFromJson(const Reader& r) {
  IrmParams p;
  // Files written before the calibration reading and the query scale have neither field: token
  // statistics, nothing re-applied.
  if (r.j.contains("statistics")) {
    try {
      p.statistics = irmStatisticsByName(r.text("statistics"));
    } catch (const Error& e) {
      r.fail(e.what());
    }
  }
  const bool calibration = p.statistics == IrmStatistics::Calibration;
  std::vector<int64_t> shape;
  if (r.j.contains("shape")) {
    const auto& shapeJson = r.field("shape");
    if (!shapeJson.is_array() || shapeJson.size() != (calibration ? 3u : 1u))
      r.fail(calibration ? "\"shape\" of a calibration IRM must be [heads, 1, head_dim]" : "\"shape\" of a token IRM must be [head_dim]");
    for (const auto& d : shapeJson) {
      if (!d.is_number_integer() || d.get<int64_t>() < 1 || d.get<int64_t>() > 4096) r.fail("\"shape\" holds an invalid size");
      shape.push_back(d.get<int64_t>());
    }
    if (calibration && shape[1] != 1) r.fail("\"shape\" of a calibration IRM must be [heads, 1, head_dim]");
  } else {
    if (calibration) r.fail("missing \"shape\"");
    const auto& gammaJson = r.field("gamma");
    if (!gammaJson.is_array() || gammaJson.empty() || gammaJson.size() > 4096) r.fail("\"gamma\" must be an array of 1..4096 numbers");
    shape = {static_cast<int64_t>(gammaJson.size())};
  }
  const auto count = static_cast<size_t>(c10::multiply_integers(shape));
  if (count > (size_t{1} << 16)) r.fail("an IRM holds at most 65536 affine values");
  const auto tensor = [&](const char* name) { return torch::tensor(r.floats(name, count)).reshape(shape); };
  p.gamma = tensor("gamma");
  p.beta = tensor("beta");
  if (calibration) {
    p.mean = tensor("mean");
    p.std = tensor("std");
    if (!(p.std > 0).all().item<bool>()) r.fail("\"std\" must be positive");
  }
  const auto& eps = r.field("eps");
  if (!eps.is_number() || !(eps.get<double>() > 0) || eps.get<double>() > 1) r.fail("\"eps\" must be a number in (0, 1]");
  p.eps = eps.get<double>();
  if (r.j.contains("post_scale")) {
    const auto& scale = r.field("post_scale");
    if (!scale.is_number() || !(scale.get<double>() > 0) || scale.get<double>() > 1e3) r.fail("\"post_scale\" must be a number in (0, 1000]");
    p.postScale = scale.get<double>();
  }
  auto inner = std::dynamic_pointer_cast<StaticQuantizer>(quantizerFromJson(r.field("quantizer"), r.file, r.site));
  if (!inner) r.fail("the quantizer after an IRM must be of type \"static\"");
  return std::make_shared<IrmQuantizer>(std::move(p), std::move(inner));
}

}  // namespace

std::vector<float> floatValues(const torch::Tensor& t) {
  const auto flat = t.detach().to(torch::kFloat32).contiguous().flatten();
  return std::vector<float>(flat.data_ptr<float>(), flat.data_ptr<float>() + flat.numel());
}

const char* granularityName(Granularity g) {
  switch (g) {
    case Granularity::PerTensor: return "per_tensor";
    case Granularity::PerChannel: return "per_channel";
    case Granularity::PerToken: return "per_token";
  }
  return "unknown";
}

Granularity granularityByName(const std::string& name) {
  for (auto g : {Granularity::PerTensor, Granularity::PerChannel, Granularity::PerToken})
    if (name == granularityName(g)) return g;
  usageError("unknown granularity '" + name + "' (known: per_tensor, per_channel, per_token)");
}

nlohmann::json staticQuantizerJson(const QuantParams& params) {
  auto j = specJson(params.spec);
  j["type"] = "static";
  j["shape"] = params.scale.sizes().vec();
  j["scale"] = floatValues(params.scale);
  j["zero_point"] = floatValues(params.zeroPoint);
  return j;
}

nlohmann::json dynamicQuantizerJson(const QuantizerSpec& spec) {
  auto j = specJson(spec);
  j["type"] = "dynamic";
  return j;
}

SiteQuantizerPtr quantizerFromJson(const nlohmann::json& j, const std::string& file, const std::string& site) {
  const Reader r{j, file, site};
  const auto type = r.text("type");
  if (type == "sulq") return sulqFromJson(r);
  if (type == "irm") return irmFromJson(r);
  const auto spec = r.spec();
  if (type == "dynamic") {
    if (spec.granularity != Granularity::PerToken) r.fail("a dynamic quantizer must be per_token");
    return std::make_shared<DynamicQuantizer>(spec);
  }
  if (type != "static") r.fail("unknown quantizer type '" + type + "'");
  const auto& shapeJson = r.field("shape");
  if (!shapeJson.is_array() || shapeJson.size() > 8) r.fail("\"shape\" must be an array of at most 8 sizes");
  std::vector<int64_t> shape;
  int64_t count = 1;
  for (const auto& d : shapeJson) {
    if (!d.is_number_integer() || d.get<int64_t>() < 1 || d.get<int64_t>() > (int64_t{1} << 20)) r.fail("\"shape\" holds an invalid size");
    shape.push_back(d.get<int64_t>());
    count *= shape.back();
    if (count > (int64_t{1} << 24)) r.fail("\"shape\" is too large");
  }
  auto scale = r.floats("scale", static_cast<size_t>(count));
  auto zero = r.floats("zero_point", static_cast<size_t>(count));
  for (float s : scale)
    if (!(s > 0)) r.fail("every scale must be > 0");
  for (float z : zero)
    if (z != std::nearbyint(z) || std::abs(z) > 65536) r.fail("zero points must be integers (|z| <= 65536)");
  QuantParams p;
  p.spec = spec;
  p.scale = torch::tensor(scale).reshape(shape);
  p.zeroPoint = torch::tensor(zero).reshape(shape);
  return std::make_shared<StaticQuantizer>(std::move(p));
}

}  // namespace vq
