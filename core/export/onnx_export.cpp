#include "core/export/onnx_export.h"

#include "core/export/graph_converter.h"
#include "core/export/model_trace.h"
#include "core/integer/integer_model.h"
#include "core/quant/quant_model.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"
#include "core/util/version.h"

#include <nlohmann/json.hpp>
#include <onnx/checker.h>
#include <onnx/shape_inference/implementation.h>

#include <map>

namespace vq {
namespace {

// "log2 has no QDQ form: a, b; SULQ …: c" — the refusal names every site, grouped by why.
std::string describeFloatSites(const std::vector<FloatSite>& sites) {
  std::map<std::string, std::vector<std::string>> byReason;
  std::vector<std::string> order;
  for (const auto& s : sites) {
    if (!byReason.count(s.reason)) order.push_back(s.reason);
    byReason[s.reason].push_back(s.site);
  }
  std::string text;
  for (const auto& reason : order) {
    if (!text.empty()) text += "; ";
    text += reason + ": ";
    for (size_t i = 0; i < byReason[reason].size(); ++i) text += (i ? ", " : "") + byReason[reason][i];
  }
  return text;
}

void addMetadata(onnx::ModelProto& model, const std::string& key, const std::string& value) {
  auto* p = model.add_metadata_props();
  p->set_key(key);
  p->set_value(value);
}

nlohmann::json floatSitesJson(const std::vector<FloatSite>& sites) {
  auto j = nlohmann::json::array();
  for (const auto& s : sites) j.push_back({{"site", s.site}, {"reason", s.reason}});
  return j;
}

// The checker, then strict shape inference on a copy: a graph ONNX Runtime would reject fails here first.
void validate(const onnx::ModelProto& model) {
  try {
    onnx::checker::check_model(model);
    onnx::ModelProto inferred = model;
    onnx::shape_inference::InferShapes(inferred, onnx::OpSchemaRegistry::Instance(),
                                       onnx::ShapeInferenceOptions(/*check_type=*/true, /*strict=*/1));
  } catch (const std::exception& e) {
    throw std::logic_error(std::string("the exported graph does not pass ONNX's checks: ") + e.what());
  }
}

}  // namespace

void checkOnnxExportOptions(const OnnxExportOptions& options) {
  if (options.opset < 13 || options.opset > 17) usageError("--opset must be 13..17, got " + std::to_string(options.opset));
  if (options.batch < 0) usageError("--batch must be 'dynamic' or a positive number");
}

OnnxExportResult exportOnnx(LoadedModel& loaded, const std::string& path, const OnnxExportOptions& options) {
  checkOnnxExportOptions(options);
  auto& model = *loaded.model;
  if (dynamic_cast<IntegerModel*>(&model))
    inputError(loaded.spec, "an integer-only (I-ViT) model has no QDQ form: its operators (Shiftmax, ShiftGELU, "
                            "I-LayerNorm) are integer programs; export the float model it was made from instead");

  OnnxExportResult result;
  result.model = loaded.spec;
  result.path = path;
  result.opset = options.opset;
  result.batch = options.batch;
  if (!loaded.quant.is_null()) {
    result.method = loaded.quant.value("method", "");
    result.wbits = loaded.quant.value("wbits", 0);
    result.abits = loaded.quant.value("abits", 0);
  }

  const auto* quantizers = dynamic_cast<const SiteQuantizers*>(model.sites().hook());
  ExportSiteHook sites(model, quantizers);
  const auto& input = loaded.config.pretrained.inputSize;
  const int64_t side = input.size() == 3 ? input[1] : 224;
  // The tracer's and the converter's refusals name the operator or shape; the line names the model too.
  const auto named = [&loaded](const Error& e) { return Error(e.kind(), loaded.spec + ": " + e.what()); };
  ModelTrace trace;
  try {
    trace = traceModel(model, sites, options.batch, side);
  } catch (const Error& e) {
    throw named(e);
  }
  result.floatSites = sites.floatSites();
  result.qdqSites = sites.qdqSites();
  if (!result.floatSites.empty() && !options.floatSitesOk)
    inputError(loaded.spec, std::to_string(result.floatSites.size()) + " quantized sites have no QDQ form (" +
                                describeFloatSites(result.floatSites) + "); pass --float-sites-ok to export them in float");

  onnx::ModelProto proto;
  proto.set_ir_version(onnx::IR_VERSION);
  proto.set_producer_name("vitquant");
  proto.set_producer_version(engineVersion());
  proto.add_opset_import()->set_version(options.opset);
  auto& graph = *proto.mutable_graph();
  graph.set_name(loaded.config.architecture);
  std::vector<std::string> siteNames;
  for (const auto& s : model.sites().sites()) siteNames.push_back(s.name);
  OnnxBuilder builder(graph);
  GraphConverter converter(trace, builder, options.opset, siteNames);
  const int64_t height = model.inputHeight > 0 ? model.inputHeight : side, width = model.inputWidth > 0 ? model.inputWidth : side;
  try {
    converter.convert(model.inputChannels, height, width, options.batch == 0);
  } catch (const Error& e) {
    throw named(e);
  }
  result.inputShape = {model.inputChannels, height, width};

  addMetadata(proto, "vitquant.model", loaded.spec);
  addMetadata(proto, "vitquant.architecture", loaded.config.architecture);
  addMetadata(proto, "vitquant.method", result.method.empty() ? "float" : result.method);
  if (!result.method.empty()) {
    addMetadata(proto, "vitquant.wbits", std::to_string(result.wbits));
    addMetadata(proto, "vitquant.abits", std::to_string(result.abits));
  }
  addMetadata(proto, "vitquant.qdq_sites", std::to_string(result.qdqSites));
  addMetadata(proto, "vitquant.float_sites", floatSitesJson(result.floatSites).dump());
  addMetadata(proto, "vitquant.input_mean", nlohmann::json(loaded.config.pretrained.mean).dump());
  addMetadata(proto, "vitquant.input_std", nlohmann::json(loaded.config.pretrained.std).dump());
  validate(proto);

  std::string bytes;
  if (!proto.SerializeToString(&bytes)) throw std::logic_error("an ONNX model could not be serialised");
  writeFileAtomically(path, bytes);
  result.nodes = static_cast<size_t>(graph.node_size());
  result.initializers = static_cast<size_t>(graph.initializer_size());
  result.bytes = static_cast<int64_t>(bytes.size());
  return result;
}

nlohmann::json toJson(const OnnxExportResult& r) {
  nlohmann::json j = {{"model", r.model},
                      {"onnx", r.path},
                      {"opset", r.opset},
                      {"batch", r.batch == 0 ? nlohmann::json("dynamic") : nlohmann::json(r.batch)},
                      {"input_shape", r.inputShape},
                      {"method", r.method.empty() ? "float" : r.method},
                      {"nodes", r.nodes},
                      {"initializers", r.initializers},
                      {"qdq_sites", r.qdqSites},
                      {"float_sites", floatSitesJson(r.floatSites)},
                      {"bytes", r.bytes}};
  if (!r.method.empty()) {
    j["wbits"] = r.wbits;
    j["abits"] = r.abits;
  }
  return j;
}

}  // namespace vq
