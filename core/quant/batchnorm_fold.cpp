#include "core/quant/batchnorm_fold.h"

#include "core/model/mobile_blocks.h"

#include <torch/torch.h>

namespace vq {

std::vector<std::string> foldBatchNorms(VisionModel& model) {
  torch::NoGradGuard noGrad;
  std::vector<std::string> folded;
  for (const auto& item : model.named_modules("", false)) {
    auto* layer = dynamic_cast<ConvNormActImpl*>(item.value().get());
    if (!layer) continue;
    auto& conv = *layer->conv;
    auto& bn = *layer->bn;
    const auto sigma = (bn.running_var.to(torch::kFloat64) + bn.eps).sqrt();
    const auto gain = bn.weight.to(torch::kFloat64) / sigma;  // γ/σ per output channel
    const auto shift = bn.bias.to(torch::kFloat64) - gain * bn.running_mean.to(torch::kFloat64);
    conv.weight.copy_(conv.weight.to(torch::kFloat64) * gain.view({-1, 1, 1, 1}));
    if (conv.bias.defined()) conv.bias.copy_(conv.bias.to(torch::kFloat64) * gain);
    bn.weight.fill_(1.0);
    bn.bias.copy_(shift);
    bn.running_mean.zero_();
    bn.running_var.fill_(1.0 - bn.eps);  // σ becomes 1
    folded.push_back(conv.path);
  }
  return folded;
}

}  // namespace vq
