#include "core/quant/reparameterize.h"

#include "core/model/find_module.h"
#include "core/model/layers.h"

#include <torch/torch.h>

namespace vq {

std::vector<NormLinearPair> normLinearPairs(const VisionModel& model) {
  std::vector<NormLinearPair> pairs;
  for (const auto& s : model.sites().sites()) {
    if (s.kind != SiteKind::LinearInput) continue;
    std::string norm;
    const auto endsWith = [&](const std::string& tail) {
      return s.module.size() > tail.size() && s.module.compare(s.module.size() - tail.size(), tail.size(), tail) == 0;
    };
    if (endsWith(".attn.qkv")) norm = s.module.substr(0, s.module.size() - 9) + ".norm1";
    if (endsWith(".mlp.fc1")) norm = s.module.substr(0, s.module.size() - 8) + ".norm2";
    if (!norm.empty() && model.sites().find(norm + ".output")) pairs.push_back({norm, s.module, s.id});
  }
  return pairs;
}

std::vector<std::string> reparameterizeNormLinear(QuantizedModel& qm) {
  auto& model = qm.model();
  torch::NoGradGuard noGrad;
  std::vector<std::string> changed;
  for (const auto& pair : normLinearPairs(model)) {
    auto current = std::dynamic_pointer_cast<StaticQuantizer>(qm.quantizers->get(pair.inputSite));
    if (!current || current->spec().granularity != Granularity::PerChannel || current->spec().scheme != QuantScheme::UniformAsymmetric) continue;
    auto* norm = findModule<QLayerNormImpl>(model, pair.norm);
    auto* linear = findModule<QLinearImpl>(model, pair.linear);
    if (!norm || !linear || !linear->bias.defined()) continue;  // a bias-free Linear would need a new tensor name
    const auto s = current->params().scale.flatten().to(torch::kFloat64);
    const auto z = current->params().zeroPoint.flatten().to(torch::kFloat64);
    // The shared step as the quantizer will store it (float32), so that r1·s̃ = s holds for the stored s̃.
    const auto sMean = s.mean().to(torch::kFloat32).to(torch::kFloat64);
    const auto zMean = torch::round(z.mean());  // integer, so that r2 is integer and codes map exactly
    const auto r1 = s / sMean, r2 = z - zMean;
    const auto shift = s * r2;  // s⊙r2
    const auto gamma = norm->weight.to(torch::kFloat64), beta = norm->bias.to(torch::kFloat64);
    const auto w = linear->weight.to(torch::kFloat64);
    // copy_ converts back to the model's precision.
    norm->weight.copy_(gamma / r1);
    norm->bias.copy_((beta + shift) / r1);
    const auto newBias = linear->bias.to(torch::kFloat64) - w.matmul(shift);
    linear->weight.copy_(w * r1.unsqueeze(0));
    linear->bias.copy_(newBias);
    QuantParams p;
    p.spec = current->spec();
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
