#include "core/methods/qhyvit_search.h"

#include "core/model/find_module.h"
#include "core/model/layers.h"
#include "core/quant/layer_capture.h"
#include "core/quant/quant_json.h"
#include "core/quant/reconstruction.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <functional>
#include <map>

namespace vq {
namespace {

using TensorFn = std::function<torch::Tensor(const torch::Tensor&)>;

// Replaces the tensors of chosen sites during a forward pass; every other site stays float.
class ReplaceHook : public SiteHook {
public:
  std::map<int, TensorFn> replace;
  torch::Tensor onSite(const SiteInfo& site, const torch::Tensor& x) override {
    auto it = replace.find(site.id);
    return it == replace.end() ? x : it->second(x);
  }
  // Sites quantized earlier in the search keep the quantizers chosen for them.
  void fakeQuantizeAll(const std::map<int, QuantParams>& chosen) {
    for (const auto& entry : chosen) {
      const QuantParams& params = entry.second;  // not a structured binding: C++17 lambdas cannot capture those
      replace[entry.first] = [&params](const torch::Tensor& x) { return fakeQuantize(x, params); };
    }
  }
};

// Records one layer's output and stops the pass there.
class StopAtOutput : public LayerOutputHook {
public:
  explicit StopAtOutput(int weightSite) : site_(weightSite) {}
  torch::Tensor onLayerOutput(const SiteInfo& site, const torch::Tensor& y) override {
    if (site.id != site_) return y;
    output = y;
    throw StopForward{};
  }
  torch::Tensor output;

private:
  int site_;
};

QuantParams scaled(const QuantParams& base, const torch::Tensor& alpha) {
  QuantParams p = base;
  p.scale = (base.scale * alpha).clamp_min(1e-8);
  return p;
}

QuantParams scaled(const QuantParams& base, double alpha) { return scaled(base, torch::full({}, alpha)); }

// Weighted squared error summed over everything but the channel axis of `output` (one value per channel).
torch::Tensor channelSums(const torch::Tensor& weighted, int64_t axis) {
  const auto c = weighted.size(axis);
  return weighted.movedim(axis, 0).reshape({c, -1}).sum(1);
}

// How one layer's candidate quantizers are scored. setInput() fixes the input quantizer (nullptr: the
// input stays float); errors() returns the weighted output error per output channel of the measured
// layer, or a single value when channels do not separate (bridge layers measured further on).
class LayerObjective {
public:
  virtual ~LayerObjective() = default;
  virtual void setInput(const QuantParams* params) = 0;
  virtual torch::Tensor errors(const torch::Tensor& quantizedWeight) = 0;
  double energy = 1;  // Σ g²·O², to report errors relative to the output's own weighted size
};

// The layer measured at its own output, on a fixed (float or bridge-chain) input.
class OwnOutputObjective : public LayerObjective {
public:
  OwnOutputObjective(VisionModel& model, torch::nn::Module& layer, const LayerSites& sites, torch::Tensor input,
                     torch::Tensor target, torch::Tensor weight, int64_t outAxis)
      : model_(model), layer_(layer), sites_(sites), input_(std::move(input)), quantizedInput_(input_), target_(std::move(target)),
        weight_(std::move(weight)), outAxis_(outAxis) {
    energy = (weight_ * target_.square()).sum().item<double>();
  }
  void setInput(const QuantParams* params) override { quantizedInput_ = params ? fakeQuantize(input_, *params) : input_; }
  torch::Tensor errors(const torch::Tensor& quantizedWeight) override {
    ReplaceHook hook;
    hook.replace[sites_.weightSite] = [&](const torch::Tensor&) { return quantizedWeight; };
    if (sites_.inputSite >= 0) hook.replace[sites_.inputSite] = [&](const torch::Tensor&) { return quantizedInput_; };
    ScopedSiteHook scoped(model_.sites(), &hook);
    torch::Tensor out;
    if (auto* conv = layer_.as<QConv2dImpl>())
      out = conv->forward(input_);
    else
      out = layer_.as<QLinearImpl>()->forward(input_);
    return channelSums(weight_ * (out - target_).square(), outAxis_);
  }

private:
  VisionModel& model_;
  torch::nn::Module& layer_;
  LayerSites sites_;
  torch::Tensor input_, quantizedInput_, target_, weight_;
  int64_t outAxis_;
};

// A bridge layer measured at the output of the bridge's last layer: the unit holding the bridge runs
// from its float input with the bridge's earlier layers quantized as chosen, stopping at that output.
class BridgeObjective : public LayerObjective {
public:
  BridgeObjective(VisionModel& model, size_t unit, std::vector<torch::Tensor> unitInputs, const LayerSites& sites,
                  std::map<int, QuantParams> earlier, int measuredSite, torch::Tensor target, torch::Tensor weight)
      : model_(model), unit_(unit), unitInputs_(std::move(unitInputs)), sites_(sites), earlier_(std::move(earlier)),
        measured_(measuredSite), target_(std::move(target)), weight_(std::move(weight)) {
    energy = (weight_ * target_.square()).sum().item<double>();
  }
  void setInput(const QuantParams* params) override {
    hasInput_ = params != nullptr;
    if (params) input_ = *params;
  }
  torch::Tensor errors(const torch::Tensor& quantizedWeight) override {
    ReplaceHook hook;
    hook.fakeQuantizeAll(earlier_);
    hook.replace[sites_.weightSite] = [&](const torch::Tensor&) { return quantizedWeight; };
    if (hasInput_ && sites_.inputSite >= 0) hook.replace[sites_.inputSite] = [&](const torch::Tensor& x) { return fakeQuantize(x, input_); };
    std::vector<torch::Tensor> outs;
    for (const auto& batch : unitInputs_) outs.push_back(runToMeasured(hook, batch));
    return (weight_ * (torch::cat(outs) - target_).square()).sum().view({1});
  }

private:
  torch::Tensor runToMeasured(ReplaceHook& hook, const torch::Tensor& batch) {
    StopAtOutput stop(measured_);
    ScopedSiteHook scoped(model_.sites(), &hook);
    ScopedOutputHook scopedOut(model_.sites(), &stop);
    try {
      model_.forwardUnit(unit_, batch);
    } catch (const StopForward&) {
      return stop.output;
    }
    assert(false && "the measured layer is inside the bridge's unit");
    return {};
  }

  VisionModel& model_;
  size_t unit_;
  std::vector<torch::Tensor> unitInputs_;
  LayerSites sites_;
  std::map<int, QuantParams> earlier_;
  int measured_;
  torch::Tensor target_, weight_;
  QuantParams input_;
  bool hasInput_ = false;
};

struct Combo {
  Granularity granularity;
  QuantScheme scheme;
};

struct ComboResult {
  QuantParams weight, input;
  torch::Tensor weightAlpha;
  double inputAlpha = 1, error = 0;
};

QuantizerSpec searchSpec(const HybridSearchOptions& o, QuantScheme scheme, int bits, Granularity granularity, int axis) {
  QuantizerSpec spec{scheme, bits, granularity, axis};
  spec.rangeIncludesZero = o.rangeIncludesZero;
  spec.clampZeroPoint = o.clampZeroPoint;
  return spec;
}

// How many min-max zero-points of `x` under `spec` (asymmetric) lie outside the codes before any clamp.
int64_t zeroPointsOutsideCodes(const torch::Tensor& x, QuantizerSpec spec) {
  spec.clampZeroPoint = false;
  const auto z = minMaxParams(x, spec).zeroPoint;
  return ((z < static_cast<double>(codeMin(spec))) | (z > static_cast<double>(codeMax(spec)))).sum().item<int64_t>();
}

// Zero-points of `params` (calibrated on `x`) that the clamp moved.
int64_t clampedZeroPoints(const torch::Tensor& x, const QuantParams& params) {
  if (params.spec.scheme != QuantScheme::UniformAsymmetric || !params.spec.clampZeroPoint) return 0;
  return zeroPointsOutsideCodes(x, params.spec);
}

// Alternating α searches for one granularity/scheme pair.
ComboResult searchCombo(LayerObjective& objective, const torch::Tensor& weight, const torch::Tensor* input, int inputAxis,
                        const Combo& combo, const HybridSearchOptions& o, const CancelToken& cancel) {
  ComboResult r;
  const auto wbase = minMaxParams(weight, searchSpec(o, combo.scheme, o.wbits, Granularity::PerChannel, 0));
  QuantParams abase;
  if (input) abase = minMaxParams(*input, searchSpec(o, combo.scheme, o.abits, combo.granularity, inputAxis));
  // The grid, plus α = 1 (min-max) so that the search never ends worse than where it started.
  std::vector<double> alphas = {1.0};
  for (int i = 0; i <= o.candidates; ++i) alphas.push_back(o.alphaLo + i * (o.alphaHi - o.alphaLo) / o.candidates);

  const int64_t channels = weight.size(0);
  r.weightAlpha = torch::ones({channels});
  auto currentInput = input ? scaled(abase, 1.0) : QuantParams{};
  for (int round = 0; round < o.rounds; ++round) {
    throwIfCancelled(cancel);
    objective.setInput(input ? &currentInput : nullptr);
    torch::Tensor bestErr, bestAlpha;
    for (double a : alphas) {
      const auto e = objective.errors(fakeQuantize(weight, scaled(wbase, a)));
      const auto alpha = torch::full({channels}, a);
      if (!bestErr.defined()) {
        bestErr = e.expand({channels}).clone();
        bestAlpha = alpha;
        continue;
      }
      if (e.numel() == 1) {  // one α for every channel
        if (e.item<double>() < bestErr[0].item<double>()) {
          bestErr.fill_(e.item<double>());
          bestAlpha = alpha;
        }
      } else {
        const auto better = e < bestErr;
        bestErr = torch::where(better, e, bestErr);
        bestAlpha = torch::where(better, alpha, bestAlpha);
      }
    }
    r.weightAlpha = bestAlpha;
    const auto wshape = wbase.scale.sizes();
    const auto quantizedWeight = fakeQuantize(weight, scaled(wbase, r.weightAlpha.view(wshape)));
    if (!input) break;  // nothing to alternate with
    double best = std::numeric_limits<double>::infinity();
    for (double a : alphas) {
      const auto p = scaled(abase, a);
      objective.setInput(&p);
      const double e = objective.errors(quantizedWeight).sum().item<double>();
      if (e < best) best = e, r.inputAlpha = a;
    }
    currentInput = scaled(abase, r.inputAlpha);
  }
  r.weight = scaled(wbase, r.weightAlpha.view(wbase.scale.sizes()));
  if (input) r.input = currentInput;
  objective.setInput(input ? &r.input : nullptr);
  r.error = objective.errors(fakeQuantize(weight, r.weight)).sum().item<double>() / std::max(objective.energy, 1e-30);
  return r;
}

// Every output channel reads exactly one input channel, so a per-input-channel scale folds into the output's.
bool isDepthwise(torch::nn::Module& layer) {
  const auto* conv = layer.as<QConv2dImpl>();
  return conv && conv->spec.groups > 1 && conv->spec.groups == conv->spec.in;
}

// The pairs a layer chooses from.
std::vector<Combo> combosFor(torch::nn::Module& layer, bool quantizedInput, const HybridSearchOptions& o) {
  std::vector<QuantScheme> schemes;
  if (o.codeShortcut)
    schemes = {QuantScheme::UniformSymmetric};
  else if (o.schemeSearch)
    schemes = {QuantScheme::UniformAsymmetric, QuantScheme::UniformSymmetric};
  else
    schemes = {QuantScheme::UniformAsymmetric};
  std::vector<Granularity> grans;
  if (!quantizedInput) {
    grans = {Granularity::PerTensor};  // no input quantizer: granularity does not apply
  } else if (o.codeShortcut) {
    const auto* conv = layer.as<QConv2dImpl>();
    grans = {conv && conv->spec.groups > 1 ? Granularity::PerChannel : Granularity::PerTensor};
  } else if (o.granularitySearch && (o.fakeQuantGranularity || isDepthwise(layer))) {
    grans = {Granularity::PerTensor, Granularity::PerChannel};
  } else {
    grans = {Granularity::PerTensor};
  }
  std::vector<Combo> combos;
  for (auto g : grans)
    for (auto s : schemes) combos.push_back({g, s});
  return combos;
}

std::string comboName(const Combo& c) { return std::string(granularityName(c.granularity)) + "/" + schemeInfo(c.scheme).name; }

std::vector<torch::Tensor> splitBatches(const torch::Tensor& x, int64_t batchSize) {
  std::vector<torch::Tensor> out;
  for (int64_t s = 0; s < x.size(0); s += batchSize) out.push_back(x.narrow(0, s, std::min(batchSize, x.size(0) - s)));
  return out;
}

struct BridgePlace {
  size_t bridge = 0, position = 0;
};

}  // namespace

std::vector<LayerChoice> hybridLayerSearch(QuantizedModel& qm, const torch::Tensor& images, const HybridSearchOptions& o,
                                           const ProgressFn& progress, const CancelToken& cancel) {
  torch::NoGradGuard noGradOutside;  // re-enabled inside captureLayers for its gradient pass
  auto& model = qm.model();
  const auto layers = quantizedLayers(qm);
  if (progress) progress(0.0, "gradients");
  std::map<int, LayerTensors> data;
  {
    torch::AutoGradMode grad(true);
    data = captureLayers(qm, layers, images, o.batchSize, cancel);
  }

  // Bridge layers by weight site, and the units that hold them.
  const auto& bridges = model.bridges();
  std::map<int, BridgePlace> inBridge;
  std::vector<int> bridgeLast(bridges.size(), -1);
  std::vector<size_t> bridgeUnit(bridges.size(), 0);
  if (o.bridge) {
    for (size_t b = 0; b < bridges.size(); ++b) {
      size_t unit = model.units().size();
      for (size_t u = 0; u < model.units().size(); ++u)
        if (model.units()[u].path == bridges[b].path) unit = u;
      if (unit == model.units().size()) continue;
      bridgeUnit[b] = unit;
      for (size_t i = 0; i < bridges[b].layers.size(); ++i)
        for (const auto& l : layers)
          if (l.module == bridges[b].layers[i]) {
            inBridge[l.weightSite] = {b, i};
            if (i + 1 == bridges[b].layers.size()) bridgeLast[b] = l.weightSite;
          }
    }
  }
  std::map<size_t, std::vector<torch::Tensor>> unitInputs;  // float inputs of bridge units, in capture batches
  const auto unitInput = [&](size_t unit) -> const std::vector<torch::Tensor>& {
    if (!unitInputs.count(unit)) {
      ScopedSiteHook floatModel(model.sites(), nullptr);
      unitInputs[unit] = splitBatches(captureUnit(model, unit, false, images, o.batchSize), o.batchSize);
    }
    return unitInputs[unit];
  };

  std::map<int, QuantParams> chosen;  // site → chosen parameters, for the bridge layers that follow
  std::vector<LayerChoice> choices;
  for (size_t li = 0; li < layers.size(); ++li) {
    throwIfCancelled(cancel);
    const auto& l = layers[li];
    if (progress) progress(0.05 + 0.95 * static_cast<double>(li) / layers.size(), l.module);
    auto* found = findModule(model, l.module);
    assert(found && "every weight site belongs to a module");
    auto& layer = *found;
    const auto& t = data.at(l.weightSite);
    const bool quantizedInput = l.inputSite >= 0 && qm.quantizers->get(l.inputSite) != nullptr;
    const auto weight = siteWeight(model, model.sites().sites()[static_cast<size_t>(l.weightSite)]).detach();
    const int64_t outAxis = layer.as<QConv2dImpl>() ? 1 : -1;
    const int inputAxis = l.inputSite >= 0 ? model.sites().sites()[static_cast<size_t>(l.inputSite)].channelAxis : -1;

    LayerChoice choice;
    choice.layer = l.module;
    choice.quantizedInput = quantizedInput;
    choice.depthwise = isDepthwise(layer);
    std::unique_ptr<LayerObjective> objective;
    torch::Tensor input = t.input;
    const auto place = inBridge.find(l.weightSite);
    if (place != inBridge.end()) {
      const auto& [b, position] = place->second;
      choice.bridge = bridges[b].path;
      std::map<int, QuantParams> earlier;
      for (size_t j = 0; j < position; ++j)
        for (const auto& other : layers)
          if (other.module == bridges[b].layers[j])
            for (int site : {other.weightSite, other.inputSite})
              if (chosen.count(site)) earlier.emplace(site, chosen.at(site));
      const int last = bridgeLast[b];
      if (last != l.weightSite && last >= 0) {
        objective = std::make_unique<BridgeObjective>(model, bridgeUnit[b], unitInput(bridgeUnit[b]), l, earlier, last,
                                                      data.at(last).output, data.at(last).gradSquared);
      } else if (l.inputSite >= 0 && !earlier.empty()) {
        // The bridge's last layer: its input comes through the bridge's quantized earlier layers.
        ReplaceHook hook;
        std::vector<torch::Tensor> parts;
        hook.fakeQuantizeAll(earlier);
        hook.replace[l.inputSite] = [&](const torch::Tensor& x) -> torch::Tensor {
          parts.push_back(x);
          throw StopForward{};
        };
        ScopedSiteHook scoped(model.sites(), &hook);
        for (const auto& batch : unitInput(bridgeUnit[b])) {
          try {
            model.forwardUnit(bridgeUnit[b], batch);
          } catch (const StopForward&) {
          }
        }
        input = torch::cat(parts);
      }
    }
    if (!objective) objective = std::make_unique<OwnOutputObjective>(model, layer, l, input, t.output, t.gradSquared, outAxis);

    const torch::Tensor* searchedInput = quantizedInput ? &input : nullptr;
    // Reference: min-max ranges, asymmetric, input per tensor.
    {
      const auto w = minMaxParams(weight, searchSpec(o, QuantScheme::UniformAsymmetric, o.wbits, Granularity::PerChannel, 0));
      QuantParams a;
      if (searchedInput) {
        a = minMaxParams(input, searchSpec(o, QuantScheme::UniformAsymmetric, o.abits, Granularity::PerTensor, 0));
        choice.overflowChannels =
            zeroPointsOutsideCodes(input, searchSpec(o, QuantScheme::UniformAsymmetric, o.abits, Granularity::PerChannel, inputAxis));
      }
      objective->setInput(searchedInput ? &a : nullptr);
      choice.minmaxError = objective->errors(fakeQuantize(weight, w)).sum().item<double>() / std::max(objective->energy, 1e-30);
    }
    ComboResult best;
    best.error = std::numeric_limits<double>::infinity();
    Combo bestCombo{};
    for (const auto& combo : combosFor(layer, quantizedInput, o)) {
      auto r = searchCombo(*objective, weight, searchedInput, inputAxis, combo, o, cancel);
      choice.comboErrors.emplace_back(comboName(combo), r.error);
      if (r.error < best.error) best = std::move(r), bestCombo = combo;
    }
    choice.inputGranularity = bestCombo.granularity;
    choice.scheme = bestCombo.scheme;
    choice.weightAlpha = best.weightAlpha.mean().item<double>();
    choice.inputAlpha = best.inputAlpha;
    choice.error = best.error;
    choice.clampedZeroPoints = clampedZeroPoints(weight, best.weight) + (quantizedInput ? clampedZeroPoints(input, best.input) : 0);
    qm.quantizers->set(l.weightSite, std::make_shared<StaticQuantizer>(best.weight));
    chosen.emplace(l.weightSite, best.weight);
    if (quantizedInput) {
      qm.quantizers->set(l.inputSite, std::make_shared<StaticQuantizer>(best.input));
      chosen.emplace(l.inputSite, best.input);
    }
    choices.push_back(std::move(choice));
  }
  if (progress) progress(1.0, "done");
  return choices;
}

std::vector<HybridLayerReport> layerReports(const std::vector<LayerChoice>& choices) {
  std::vector<HybridLayerReport> out;
  for (const auto& c : choices) {
    HybridLayerReport r;
    r.layer = c.layer;
    r.bridge = c.bridge;
    r.inputQuantized = c.quantizedInput;
    r.depthwise = c.depthwise;
    r.granularity = c.quantizedInput ? granularityName(c.inputGranularity) : "none";
    r.scheme = schemeInfo(c.scheme).name;
    r.weightAlpha = c.weightAlpha;
    r.inputAlpha = c.inputAlpha;
    r.minmaxError = c.minmaxError;
    r.error = c.error;
    r.zeroPointOverflowChannels = c.overflowChannels;
    r.clampedZeroPoints = c.clampedZeroPoints;
    r.comboErrors.insert(c.comboErrors.begin(), c.comboErrors.end());
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace vq
