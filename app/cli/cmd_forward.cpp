// vitquant forward --model MODEL --input IN.safetensors --output OUT.safetensors
// Reads tensor `input` [B,C,H,W], writes `logits` [B,classes] and `features` (timm's forward_features).
#include "app/cli/command.h"
#include "core/io/safetensors.h"
#include "core/quant/quant_model.h"
#include "core/util/error.h"

#include <torch/torch.h>

#include <memory>

namespace vq::cli {
namespace {

struct ForwardOptions {
  CommonOptions common;
  std::string model, input, output;
};

void run(const ForwardOptions& o) {
  const auto loaded = openModel(o.model);
  const auto file = readSafetensors(o.input);
  const auto it = file.tensors.find("input");
  if (it == file.tensors.end()) inputError(o.input, "has no tensor named 'input'");
  const auto input = it->second.to(torch::kFloat32);
  loaded.model->checkInput(it->second, o.input + ": tensor 'input'");
  if (!torch::isfinite(input).all().item<bool>()) inputError(o.input, "tensor 'input' holds NaN or infinite values");

  c10::InferenceMode inference;
  const auto features = loaded.model->forwardFeatures(input);
  const auto logits = loaded.model->forwardHead(features);
  SafeTensors out;
  out.tensors["logits"] = logits;
  out.tensors["features"] = features;
  out.metadata["model"] = o.model;
  writeSafetensors(o.output, out);
  if (o.common.json)
    printJson({{"model", o.model}, {"input", o.input}, {"output", o.output}, {"batch", input.size(0)},
               {"logits_shape", logits.sizes().vec()}, {"features_shape", features.sizes().vec()}});
}

}  // namespace

void registerForward(CLI::App& app) {
  auto opts = std::make_shared<ForwardOptions>();
  auto* cmd = app.add_subcommand("forward", "Run a model on a tensor file (safetensors `input` [B,3,H,W] float32)");
  cmd->add_option("--model", opts->model, "builtin:<name> | arch:<timm name> | a model folder")->required();
  cmd->add_option("--input", opts->input, "safetensors file with tensor `input`")->required();
  cmd->add_option("--output", opts->output, "safetensors file to write (`logits`, `features`)")->required();
  addCommonOptions(cmd, opts->common);
  cmd->callback([opts] {
    applyThreads(opts->common);
    run(*opts);
  });
}

}  // namespace vq::cli
