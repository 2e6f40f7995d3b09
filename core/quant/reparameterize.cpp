#include "core/quant/reparameterize.h"

#include "core/model/find_module.h"
#include "core/model/layers.h"

#include <torch/torch.h>

#include <optional>
#include <stdexcept>

namespace vq {

namespace {

bool endsWith(const std::string& s, const std::string& tail) {
  return s.size() > tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// The norm's per-channel affine, when the normalisation itself does not depend on it.
struct Affine {
  torch::Tensor weight, bias;
};

std::optional<Affine> foldableNorm(VisionModel& model, const std::string& path) {
  if (auto* ln = findModule<QLayerNormImpl>(model, path)) return Affine{ln->weight, ln->bias};
  if (auto* gn = findModule<QGroupNormImpl>(model, path); gn && gn->groups == 1) return Affine{gn->weight, gn->bias};
  return std::nullopt;
}

// The projection's weight (any shape whose dim 1 is the input channel) and bias, when it mixes channels
// pointwise and has a bias to absorb the offset; and how calibration lays out per-channel steps of its input
// ([C] against tokens [.., C], [C, 1, 1] against maps [B, C, H, W]).
struct Projection {
  torch::Tensor weight, bias;
  int64_t stepRank = 1;
};

std::optional<Projection> foldableProjection(VisionModel& model, const std::string& path) {
  if (auto* linear = findModule<QLinearImpl>(model, path); linear && linear->bias.defined())
    return Projection{linear->weight, linear->bias, 1};
  if (auto* conv = findModule<QConv2dImpl>(model, path)) {
    const auto& s = conv->spec;
    if (s.kernel == 1 && s.stride == 1 && s.padding == 0 && s.groups == 1 && conv->bias.defined())
      return Projection{conv->weight, conv->bias, 3};
  }
  return std::nullopt;
}

std::string normBefore(const std::string& projection) {
  for (const auto& [tail, norm] : {std::pair<std::string, std::string>{".attn.qkv", ".norm1"},
                                   {".attn.qkv_proj", ".norm1"},
                                   {".mlp.fc1", ".norm2"}})
    if (endsWith(projection, tail)) return projection.substr(0, projection.size() - tail.size()) + norm;
  return {};
}

}  // namespace

std::vector<NormLinearPair> normLinearPairs(const VisionModel& constModel) {
  // findModule needs a mutable model; nothing is changed here.
  auto& model = const_cast<VisionModel&>(constModel);
  std::vector<NormLinearPair> pairs;
  for (const auto& s : model.sites().sites()) {
    if (s.kind != SiteKind::LinearInput) continue;
    const auto norm = normBefore(s.module);
    if (norm.empty() || !model.sites().find(norm + ".output")) continue;
    if (foldableNorm(model, norm) && foldableProjection(model, s.module)) pairs.push_back({norm, s.module, s.id, s.channelAxis});
  }
  return pairs;
}

std::vector<std::string> reparameterizeNormLinear(QuantizedModel& qm) {
  auto& model = qm.model();
  torch::NoGradGuard noGrad;
  std::vector<std::string> changed;
  for (const auto& pair : normLinearPairs(model)) {
    const auto& quantizer = qm.quantizers->get(pair.inputSite);
    if (!quantizer || quantizer->spec().granularity != Granularity::PerChannel) continue;
    const auto& siteName = model.sites().sites()[static_cast<size_t>(pair.inputSite)].name;
    auto current = std::dynamic_pointer_cast<StaticQuantizer>(quantizer);
    const auto& spec = quantizer->spec();
    if (!current || spec.scheme == QuantScheme::Log2)
      throw std::logic_error(siteName + ": a per-channel quantizer that is not static and uniform cannot be folded");
    auto norm = *foldableNorm(model, pair.norm);
    auto proj = *foldableProjection(model, pair.linear);
    const int64_t channels = norm.weight.size(0);
    const auto scale = current->params().scale;
    const bool alongChannels = scale.dim() == proj.stepRank && scale.size(0) == channels && scale.numel() == channels;
    if (!alongChannels)
      throw std::logic_error(siteName + ": per-channel steps of shape " + c10::str(scale.sizes()) + " are not one per channel (" +
                             std::to_string(channels) + ") and cannot be folded");
    const auto s = scale.flatten().to(torch::kFloat64);
    const auto z = current->params().zeroPoint.flatten().to(torch::kFloat64);
    // The shared step as the quantizer will store it (float32), so that r1·s̃ = s holds for the stored s̃.
    const auto sMean = s.mean().to(torch::kFloat32).to(torch::kFloat64);
    const auto zMean = torch::round(z.mean());  // integer, so that r2 is integer and codes map exactly
    const auto r1 = s / sMean, r2 = z - zMean;
    const auto shift = s * r2;  // s⊙r2
    const auto gamma = norm.weight.to(torch::kFloat64), beta = norm.bias.to(torch::kFloat64);
    // A 1×1 convolution's weight [O, C, 1, 1] acts as the matrix [O, C].
    const auto w = proj.weight.to(torch::kFloat64).reshape({proj.weight.size(0), channels});
    // copy_ converts back to the model's precision.
    norm.weight.copy_(gamma / r1);
    norm.bias.copy_((beta + shift) / r1);
    const auto newBias = proj.bias.to(torch::kFloat64) - w.matmul(shift);
    proj.weight.copy_((w * r1.unsqueeze(0)).reshape(proj.weight.sizes()));
    proj.bias.copy_(newBias);
    QuantParams p;
    p.spec = spec;
    p.spec.granularity = Granularity::PerTensor;
    p.scale = sMean.to(torch::kFloat32).reshape({});
    p.zeroPoint = zMean.to(torch::kFloat32).reshape({});
    qm.quantizers->set(pair.inputSite, std::make_shared<StaticQuantizer>(std::move(p)));
    if (const auto* weightSite = model.sites().find(pair.linear + ".weight")) qm.quantizers->set(weightSite->id, nullptr);
    changed.push_back(pair.linear);
  }
  return changed;
}

}  // namespace vq
