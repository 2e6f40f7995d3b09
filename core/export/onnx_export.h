#pragma once
// vitquant export: a float or quantized model as an ONNX file with QuantizeLinear/DequantizeLinear at its
// quantized sites (see the guide's "Deploying a quantized model"). The graph is the model's own forward
// pass, traced (model_trace.h) and written with standard operators (graph_converter.h); the result passes
// ONNX's checker and strict shape inference before it is written, atomically.
#include "core/export/export_sites.h"
#include "core/model/zoo.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace vq {

struct OnnxExportOptions {
  int opset = 17;             // 13..17 (LayerNormalization is written as itself from 17, decomposed below)
  int64_t batch = 0;          // 0: any batch ("batch" dimension); N: fixed
  bool floatSitesOk = false;  // export sites with no QDQ form in float instead of refusing
};

struct OnnxExportResult {
  std::string model, path;
  int opset = 0;
  int64_t batch = 0;
  std::vector<int64_t> inputShape;  // [C, H, W]
  std::string method;               // "" for a float model
  int wbits = 0, abits = 0;
  size_t nodes = 0, initializers = 0, qdqSites = 0;
  std::vector<FloatSite> floatSites;
  int64_t bytes = 0;
};

// Throws vq::Error(Usage) for an opset outside 13..17 or a batch < 0 (before any model is opened).
void checkOnnxExportOptions(const OnnxExportOptions& options);

// Throws vq::Error: Usage as checkOnnxExportOptions; Input for an integer-only model, for
// sites with no QDQ form (unless floatSitesOk), naming them, and for an output that cannot be written.
OnnxExportResult exportOnnx(LoadedModel& loaded, const std::string& path, const OnnxExportOptions& options);

nlohmann::json toJson(const OnnxExportResult& result);

}  // namespace vq
