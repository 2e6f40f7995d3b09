#include "core/analysis/attention_entropy.h"

#include "core/model/vit.h"
#include "core/quant/quant_json.h"
#include "core/util/error.h"

#include <torch/torch.h>

#include <cmath>
#include <map>

namespace vq {
namespace {

// Sees what the model's own hook (quantizers or nothing) hands on at the attention sites: the q and k
// values per head, and the attention rows' entropy summed per head.
class AttentionRecorder : public SiteHook {
public:
  explicit AttentionRecorder(SiteHook* inner) : inner_(inner) {}
  torch::Tensor onSite(const SiteInfo& site, const torch::Tensor& x) override {
    const auto y = inner_ ? inner_->onSite(site, x) : x;
    if (site.heads <= 0) return y;
    const bool qk = site.kind == SiteKind::MatmulOperand && (site.role == "q" || site.role == "k");
    if (!qk && site.kind != SiteKind::SoftmaxOutput) return y;
    auto& layer = layerOf(site);
    // Heads are the third axis from the end: [B, H, N, ·] (ViT) or [B, windows, H, N, ·] (Swin).
    const auto heads = y.size(-3);
    const auto perHead = y.detach().movedim(-3, 0).reshape({heads, -1});
    if (site.role == "q") layer.q.push_back(perHead);
    if (site.role == "k") layer.k.push_back(perHead);
    if (site.kind == SiteKind::SoftmaxOutput) {
      layer.softmax.push_back(y.detach());
      auto p = y.detach().clamp_min(0);
      p = p / p.sum(-1, true).clamp_min(1e-12);
      const auto rowEntropy = -torch::where(p > 0, p * torch::log2(p.clamp_min(1e-30)), torch::zeros_like(p)).sum(-1);  // [.., H, N]
      const auto sums = rowEntropy.movedim(-2, 0).reshape({heads, -1}).sum(1).to(torch::kFloat64);
      layer.entropySum = layer.entropySum.defined() ? layer.entropySum + sums : sums;
      layer.rows += rowEntropy.numel() / heads;
    }
    return y;
  }

  struct Layer {
    std::string name;
    std::vector<torch::Tensor> q, k, softmax;
    torch::Tensor entropySum;
    int64_t rows = 0;
  };
  std::vector<Layer> layers;

private:
  Layer& layerOf(const SiteInfo& site) {
    // q and k live on "<attn>", the softmax on "<attn>.softmax".
    const std::string name = site.kind == SiteKind::SoftmaxOutput ? site.module.substr(0, site.module.rfind('.')) : site.module;
    const auto it = index_.find(name);
    if (it != index_.end()) return layers[it->second];
    index_[name] = layers.size();
    layers.push_back({name, {}, {}, {}, {}, 0});
    return layers.back();
  }
  SiteHook* inner_;
  std::map<std::string, size_t> index_;
};

AttentionRecorder record(VisionModel& model, const torch::Tensor& images) {
  AttentionRecorder recorder(model.sites().hook());
  c10::InferenceMode inference;
  ScopedSiteHook scope(model.sites(), &recorder);
  for (int64_t first = 0; first < images.size(0); first += 32) model.forward(images.narrow(0, first, std::min<int64_t>(32, images.size(0) - first)));
  return recorder;
}

// `float`: q/k are float values, turned into codes by a per-head min-max quantizer of `bits`.
EntropyProfile profile(AttentionRecorder& recorder, int bits, bool floatValues) {
  EntropyProfile out;
  out.bits = bits;
  const auto headEntropies = [&](const std::vector<torch::Tensor>& pieces) {
    std::vector<double> h;
    if (pieces.empty()) return h;
    const auto all = torch::cat(pieces, 1);
    for (int64_t head = 0; head < all.size(0); ++head) {
      auto values = all[head];
      if (floatValues) values = quantizeCodes(values, minMaxParams(values, {QuantScheme::UniformAsymmetric, bits}));
      h.push_back(codeEntropy(values));
    }
    return h;
  };
  double sq = 0, sk = 0, sa = 0;
  size_t nq = 0, nk = 0, na = 0;
  for (auto& layer : recorder.layers) {
    LayerEntropy e{layer.name, headEntropies(layer.q), headEntropies(layer.k), {}};
    if (layer.entropySum.defined())
      for (int64_t h = 0; h < layer.entropySum.size(0); ++h)
        e.attention.push_back(layer.entropySum[h].item<double>() / static_cast<double>(std::max<int64_t>(1, layer.rows)));
    for (double v : e.q) sq += v, ++nq;
    for (double v : e.k) sk += v, ++nk;
    for (double v : e.attention) sa += v, ++na;
    out.layers.push_back(std::move(e));
  }
  out.meanQ = nq ? sq / static_cast<double>(nq) : 0;
  out.meanK = nk ? sk / static_cast<double>(nk) : 0;
  out.meanAttention = na ? sa / static_cast<double>(na) : 0;
  return out;
}

// The maps of one captured softmax output [1, H, N, N] (Swin: [1, windows, H, n, n]), or undefined.
torch::Tensor patchMaps(VisionModel& model, const torch::Tensor& capture) {
  if (capture.numel() != capture.size(-3) * capture.size(-2) * capture.size(-1)) return {};  // several windows: no single map
  const auto probs = capture.reshape({1, capture.size(-3), capture.size(-2), capture.size(-1)});
  const auto n = probs.size(-1);
  torch::Tensor perPatch;  // [H, patches]
  if (const auto* vit = dynamic_cast<VisionTransformer*>(&model)) {
    const auto prefix = vit->numPrefixTokens;
    if (vit->spec.classToken) perPatch = probs[0].select(1, 0).narrow(-1, prefix, n - prefix);
    else perPatch = probs[0].narrow(-1, prefix, n - prefix).mean(1);
  } else if (model.family() == "swin") {
    perPatch = probs[0].mean(1);
  } else {
    return {};
  }
  const auto side = static_cast<int64_t>(std::llround(std::sqrt(static_cast<double>(perPatch.size(1)))));
  int64_t gh = side, gw = side;
  if (const auto* vit = dynamic_cast<VisionTransformer*>(&model)) {
    gh = model.inputHeight / vit->spec.patchSize;
    gw = model.inputWidth / vit->spec.patchSize;
  }
  if (gh * gw != perPatch.size(1)) return {};
  perPatch = perPatch / perPatch.sum(1, true).clamp_min(1e-12);
  return perPatch.reshape({perPatch.size(0), gh, gw});
}

}  // namespace

double codeEntropy(const torch::Tensor& values) {
  if (values.numel() == 0) return 0;
  const auto counts = std::get<2>(torch::_unique2(values.flatten(), true, false, true)).to(torch::kFloat64);
  const auto p = counts / counts.sum();
  return -(p * torch::log2(p)).sum().item<double>();
}

EntropyProfile floatEntropy(VisionModel& model, const torch::Tensor& images, int bits) {
  auto recorder = record(model, images);
  return profile(recorder, bits, true);
}

EntropyProfile quantizedEntropy(QuantizedModel& qm, const torch::Tensor& images) {
  auto recorder = record(qm.model(), images);
  return profile(recorder, qm.info.abits, false);
}

AttentionMaps mapsAt(const std::string& layer, const torch::Tensor& grid, int64_t height, int64_t width) {
  AttentionMaps maps;
  maps.layer = layer;
  maps.height = height;
  maps.width = width;
  namespace F = torch::nn::functional;
  maps.perHead =
      F::interpolate(grid.unsqueeze(0), F::InterpolateFuncOptions().size(std::vector<int64_t>{height, width}).mode(torch::kBilinear).align_corners(false))
          .squeeze(0);
  maps.mean = maps.perHead.mean(0);
  return maps;
}

AttentionMaps attentionMaps(VisionModel& model, const torch::Tensor& image, const std::string& layer) {
  auto recorder = record(model, image);
  for (auto it = recorder.layers.rbegin(); it != recorder.layers.rend(); ++it) {
    if (!layer.empty() && it->name != layer) continue;
    const auto grid = it->softmax.empty() ? torch::Tensor() : patchMaps(model, it->softmax.front());
    if (!grid.defined()) {
      if (layer.empty()) continue;
      usageError("layer '" + layer + "' has no attention map of the whole image (several windows, or no patch grid)");
    }
    return mapsAt(it->name, grid, image.size(2), image.size(3));
  }
  if (!layer.empty()) {
    std::string known;
    for (const auto& l : recorder.layers) known += (known.empty() ? "" : ", ") + l.name;
    usageError("no attention layer '" + layer + "' (layers: " + known + ")");
  }
  usageError("this model has no layer whose attention covers the whole image");
}

std::vector<AttentionMaps> everyAttentionMap(VisionModel& model, const torch::Tensor& image) {
  auto recorder = record(model, image);
  std::vector<AttentionMaps> out;
  for (const auto& layer : recorder.layers) {
    const auto grid = layer.softmax.empty() ? torch::Tensor() : patchMaps(model, layer.softmax.front());
    if (grid.defined()) out.push_back(mapsAt(layer.name, grid, image.size(2), image.size(3)));
  }
  return out;
}

torch::Tensor displayImage(const torch::Tensor& preprocessed, const PretrainedCfg& cfg) {
  auto x = preprocessed.detach().to(torch::kFloat32);
  if (x.dim() == 4) x = x[0];
  const auto channels = x.size(0);
  const auto mean = torch::tensor(std::vector<float>(cfg.mean.begin(), cfg.mean.end())).narrow(0, 0, channels).view({channels, 1, 1});
  const auto stdev = torch::tensor(std::vector<float>(cfg.std.begin(), cfg.std.end())).narrow(0, 0, channels).view({channels, 1, 1});
  auto rgb = (x * stdev + mean).clamp(0, 1).mul(255).round().to(torch::kUInt8);
  if (channels == 1) rgb = rgb.expand({3, -1, -1});
  return rgb.permute({1, 2, 0}).contiguous();
}

nlohmann::json toJson(const EntropyProfile& p) {
  nlohmann::json layers = nlohmann::json::array();
  for (const auto& l : p.layers) layers.push_back({{"layer", l.layer}, {"q", l.q}, {"k", l.k}, {"attention", l.attention}});
  return {{"bits", p.bits}, {"mean_q_entropy", p.meanQ}, {"mean_k_entropy", p.meanK}, {"mean_attention_entropy", p.meanAttention}, {"layers", layers}};
}

nlohmann::json toJson(const AttentionMaps& m) {
  nlohmann::json heads = nlohmann::json::array();
  for (int64_t h = 0; h < m.perHead.size(0); ++h) heads.push_back(floatValues(m.perHead[h]));
  return {{"layer", m.layer}, {"height", m.height}, {"width", m.width}, {"mean", floatValues(m.mean)}, {"heads", heads}};
}

}  // namespace vq
