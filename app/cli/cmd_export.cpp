// vitquant export --model DIR --onnx OUT.onnx [--opset 13..17] [--batch dynamic|N] [--float-sites-ok] [--json]
// Writes a float or quantized model as ONNX with QuantizeLinear/DequantizeLinear (core/export/onnx_export.h).
#include "app/cli/command.h"
#include "core/export/onnx_export.h"
#include "core/quant/quant_model.h"
#include "core/util/error.h"

#include <cstdio>
#include <memory>

namespace vq::cli {
namespace {

struct ExportOptions {
  CommonOptions common;
  std::string model, onnx, batch = "dynamic";
  int opset = 17;
  bool floatSitesOk = false;
};

int64_t parseBatch(const std::string& text) {
  if (text == "dynamic") return 0;
  try {
    size_t used = 0;
    const auto n = std::stoll(text, &used);
    if (used == text.size() && n >= 1 && n <= 65536) return n;
  } catch (const std::exception&) {
  }
  usageError("--batch must be 'dynamic' or a number in 1..65536, got '" + text + "'");
}

void run(const ExportOptions& o) {
  OnnxExportOptions options;
  options.opset = o.opset;
  options.batch = parseBatch(o.batch);
  options.floatSitesOk = o.floatSitesOk;
  checkOnnxExportOptions(options);
  auto loaded = openModel(o.model);
  const auto result = exportOnnx(loaded, o.onnx, options);
  if (o.common.json) {
    printJson(toJson(result));
    return;
  }
  std::printf("wrote %s: %s, opset %d, batch %s, %zu nodes, %zu QDQ sites, %zu float sites, %.1f MB\n", result.path.c_str(),
              result.method.empty() ? "float" : (result.method + " W" + std::to_string(result.wbits) + "A" + std::to_string(result.abits)).c_str(),
              result.opset, o.batch.c_str(), result.nodes, result.qdqSites, result.floatSites.size(), result.bytes / 1e6);
  for (const auto& s : result.floatSites) std::printf("  float: %s (%s)\n", s.site.c_str(), s.reason.c_str());
}

}  // namespace

void registerExport(CLI::App& app) {
  auto opts = std::make_shared<ExportOptions>();
  auto* cmd = app.add_subcommand("export", "Write a float or quantized model as ONNX (QuantizeLinear/DequantizeLinear)");
  cmd->add_option("--model", opts->model, "builtin:<name> | arch:<timm name> | a model folder (float or quantized)")->required();
  cmd->add_option("--onnx", opts->onnx, "the .onnx file to write")->required();
  cmd->add_option("--opset", opts->opset, "ONNX opset, 13..17 (LayerNormalization is an operator from 17)");
  cmd->add_option("--batch", opts->batch, "'dynamic' (any batch) or a fixed batch size");
  cmd->add_flag("--float-sites-ok", opts->floatSitesOk,
                "export quantizers with no QDQ form (log2, SULQ, per-token) in float instead of refusing; they are listed");
  addCommonOptions(cmd, opts->common);
  cmd->callback([opts] {
    applyThreads(opts->common);
    run(*opts);
  });
}

}  // namespace vq::cli
