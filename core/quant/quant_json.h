#pragma once
// quant.json, the file beside a quantized model's config.json and weights:
//   {"format": "vitquant-quant", "version": 1, "method": "brecq", "wbits": 4, "abits": 4,
//    "options": {...}, "float_sites": [...],
//    "sites": {"blocks.0.attn.qkv.weight": {"type": "static", "scheme": "uniform_asym", "bits": 4,
//              "granularity": "per_channel", "axis": 0, "shape": [384, 1],
//              "scale": [...], "zero_point": [...]}, ...}}
// "type" is "static" (calibrated scale/zero-point, shape = the broadcast shape against the site's
// tensor), "dynamic" (per-token ranges measured at run time; no scale stored), "sulq" (sulq.h) or "irm"
// (Q-ViT's rectification, irm_quantizer.h: "statistics", "shape", "gamma", "beta", with calibration
// statistics "mean" and "std", "eps", "post_scale" and the static "quantizer" after it).
#include "core/quant/site_quantizer.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace vq {

const char* granularityName(Granularity g);
// Throws vq::Error(Usage) for an unknown name.
Granularity granularityByName(const std::string& name);

// A tensor's values as float32, flattened: how quant.json (and analysis JSON) stores tensors.
std::vector<float> floatValues(const torch::Tensor& t);

nlohmann::json staticQuantizerJson(const QuantParams& params);
nlohmann::json dynamicQuantizerJson(const QuantizerSpec& spec);

// Rebuilds a site's quantizer; every field is checked. Throws vq::Error(Input) naming `file` and `site`.
SiteQuantizerPtr quantizerFromJson(const nlohmann::json& j, const std::string& file, const std::string& site);

}  // namespace vq
