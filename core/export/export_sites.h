#pragma once
// What each quantized site of a model becomes in an exported graph. While the model is traced this hook
// stands in for its quantizer table:
//   - a uniform quantizer with one scale per tensor, per output channel of a weight, per channel of a depthwise
//     convolution's input or per attention head of a matmul operand (the activations whose scales a kernel can
//     apply: neither axis is a GEMM's reduction axis) becomes the QDQ marker (qdq_marker.h), and Q-ViT's
//     rectification runs in float before it;
//   - anything else (log2, SULQ, per-token ranges, per-channel activations on a GEMM's reduction axis) has no
//     QuantizeLinear/DequantizeLinear form: the site stays float and is listed with the reason.
#include "core/model/model.h"
#include "core/quant/quant_model.h"

#include <set>
#include <string>
#include <vector>

namespace vq {

struct FloatSite {
  std::string site;    // "blocks.0.attn.softmax.output"
  std::string reason;  // "log2 has no QDQ form"
};

class ExportSiteHook : public SiteHook {
public:
  // `quantizers` may be null (a float model).
  ExportSiteHook(VisionModel& model, const SiteQuantizers* quantizers);
  torch::Tensor onSite(const SiteInfo& site, const torch::Tensor& x) override;

  // The sites met so far that stayed float, in forward order, each once.
  const std::vector<FloatSite>& floatSites() const { return floatSites_; }
  // How many sites became QDQ markers.
  size_t qdqSites() const { return qdq_.size(); }

private:
  void keepFloat(const SiteInfo& site, const std::string& reason);
  bool depthwiseInput(const SiteInfo& site) const;
  static bool perHead(const SiteInfo& site, const torch::Tensor& x, const torch::Tensor& scale);

  VisionModel& model_;
  const SiteQuantizers* quantizers_;
  std::vector<FloatSite> floatSites_;
  std::set<int> floatIds_, qdq_;
};

}  // namespace vq
