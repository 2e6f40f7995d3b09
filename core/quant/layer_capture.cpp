#include "core/quant/layer_capture.h"

#include <torch/torch.h>

namespace vq {
namespace {

// Keeps the float input of the selected layers (quantizers off: this hook replaces the model's).
class InputRecorder : public SiteHook {
public:
  explicit InputRecorder(std::map<int, std::vector<torch::Tensor>>& inputs) : inputs_(inputs) {}
  torch::Tensor onSite(const SiteInfo& site, const torch::Tensor& x) override {
    if (auto it = inputs_.find(site.id); it != inputs_.end()) it->second.push_back(x.detach());
    return x;
  }

private:
  std::map<int, std::vector<torch::Tensor>>& inputs_;  // input site → batches
};

// Keeps the selected layers' outputs; with `retain`, keeps them in the graph for their gradients.
class OutputRecorder : public LayerOutputHook {
public:
  OutputRecorder(std::map<int, std::vector<torch::Tensor>>& outputs, bool retain) : outputs_(outputs), retain_(retain) {}
  torch::Tensor onLayerOutput(const SiteInfo& weightSite, const torch::Tensor& y) override {
    auto it = outputs_.find(weightSite.id);
    if (it == outputs_.end()) return y;
    if (retain_) y.retain_grad();
    it->second.push_back(retain_ ? y : y.detach());
    return y;
  }

private:
  std::map<int, std::vector<torch::Tensor>>& outputs_;  // weight site → batches
  bool retain_;
};


}  // namespace

std::vector<LayerSites> quantizedLayers(const QuantizedModel& qm) {
  const auto& ctx = qm.model().sites();
  std::vector<LayerSites> layers;
  for (const auto& site : ctx.sites()) {
    if (site.kind != SiteKind::Weight || !qm.quantizers->get(site.id)) continue;
    const auto* input = ctx.find(site.module + ".input");
    layers.push_back({site.module, site.id, input ? input->id : -1});
  }
  return layers;
}

std::map<int, LayerTensors> captureLayers(QuantizedModel& qm, const std::vector<LayerSites>& layers, const torch::Tensor& images,
                                          int64_t batchSize, const CancelToken& cancel) {
  auto& model = qm.model();
  auto& ctx = model.sites();
  std::map<int, std::vector<torch::Tensor>> inputs, outputs, kept;
  for (const auto& l : layers) {
    outputs[l.weightSite];
    kept[l.weightSite];
    if (l.inputSite >= 0) inputs[l.inputSite];
  }
  const int64_t n = images.size(0);
  // Only the layer outputs need gradients: parameters are switched off for the pass, then restored.
  std::vector<std::pair<torch::Tensor, bool>> params;
  for (auto& p : model.parameters()) params.emplace_back(p, p.requires_grad());
  struct Restore {
    std::vector<std::pair<torch::Tensor, bool>>& params;
    ~Restore() {
      for (auto& [p, flag] : params) p.requires_grad_(flag);
    }
  } restore{params};
  for (auto& [p, flag] : params) p.requires_grad_(false);
  for (int64_t start = 0; start < n; start += batchSize) {
    throwIfCancelled(cancel);
    const auto batch = images.narrow(0, start, std::min(batchSize, n - start));
    torch::Tensor target;
    {  // float pass: inputs, outputs, and the float prediction
      torch::NoGradGuard noGrad;
      InputRecorder inputHook(inputs);
      OutputRecorder outputHook(outputs, false);
      ScopedSiteHook scoped(ctx, &inputHook);
      ScopedOutputHook scopedOut(ctx, &outputHook);
      target = torch::softmax(model.forward(batch), -1);
    }
    // Quantized pass with gradients; the image requires grad so that every layer output is in the graph.
    std::map<int, std::vector<torch::Tensor>> live;
    for (const auto& l : layers) live[l.weightSite];
    OutputRecorder recorder(live, true);
    ScopedOutputHook scopedOut(ctx, &recorder);
    const auto logp = torch::log_softmax(model.forward(batch.clone().requires_grad_(true)), -1);
    const auto kl = (target * (torch::log(target.clamp_min(1e-30)) - logp)).sum(-1).mean();
    kl.backward();
    for (auto& [site, ys] : live)
      for (auto& y : ys) kept[site].push_back(y.grad().defined() ? y.grad().square() : torch::zeros_like(y).detach());
  }
  std::map<int, LayerTensors> out;
  for (const auto& l : layers) {
    auto& t = out[l.weightSite];
    if (l.inputSite >= 0) t.input = torch::cat(inputs[l.inputSite]);
    t.output = torch::cat(outputs[l.weightSite]);
    t.gradSquared = torch::cat(kept[l.weightSite]);
  }
  return out;
}

}  // namespace vq
