#include "core/export/export_sites.h"

#include "core/export/qdq_marker.h"
#include "core/model/find_module.h"
#include "core/model/layers.h"
#include "core/quant/irm_quantizer.h"
#include "core/quant/sulq.h"

namespace vq {

ExportSiteHook::ExportSiteHook(VisionModel& model, const SiteQuantizers* quantizers)
    : model_(model), quantizers_(quantizers) {}

bool ExportSiteHook::depthwiseInput(const SiteInfo& site) const {
  const auto* conv = findModule<QConv2dImpl>(model_, site.module);
  return site.kind == SiteKind::LinearInput && conv && conv->spec.groups > 1 && conv->spec.groups == conv->spec.in;
}

bool ExportSiteHook::perHead(const SiteInfo& site, const torch::Tensor& x, const torch::Tensor& scale) {
  // x is [..., heads, N, d]; a scale [..., heads, 1, 1] varies along the heads alone.
  if (site.heads <= 0 || x.dim() < 3 || scale.dim() < 3 || scale.dim() > x.dim()) return false;
  for (int64_t i = 0; i < scale.dim(); ++i)
    if (scale.size(i) != 1 && i != scale.dim() - 3) return false;
  return scale.size(scale.dim() - 3) == site.heads && x.size(-3) == site.heads;
}

void ExportSiteHook::keepFloat(const SiteInfo& site, const std::string& reason) {
  if (floatIds_.insert(site.id).second) floatSites_.push_back({site.name, reason});
}

torch::Tensor ExportSiteHook::onSite(const SiteInfo& site, const torch::Tensor& x) {
  if (!quantizers_ || !quantizers_->enabled) return x;
  const auto& quantizer = quantizers_->get(site.id);
  if (!quantizer) return x;

  // Q-ViT's rectification is float arithmetic in front of a static quantizer: it traces as ordinary ops.
  SiteQuantizer* inner = quantizer.get();
  torch::Tensor input = x;
  if (const auto* irm = dynamic_cast<const IrmQuantizer*>(inner)) {
    input = rectify(x, irm->irm());
    inner = irm->inner().get();
  }

  const QuantParams* params = nullptr;
  torch::Tensor adaRounded;
  if (const auto* q = dynamic_cast<const StaticQuantizer*>(inner)) params = &q->params();
  if (const auto* q = dynamic_cast<const AdaRoundQuantizer*>(inner)) {
    params = &q->params();
    input = q->hardenedWeight();  // its codes are the ones rounding learned, exactly on the grid
  }
  if (dynamic_cast<const SulqQuantizer*>(inner)) {
    keepFloat(site, "SULQ (shift-uniform-log2) has no QDQ form");
    return x;
  }
  if (dynamic_cast<const DynamicQuantizer*>(inner)) {
    keepFloat(site, "per-token ranges are measured at run time");
    return x;
  }
  if (!params) {
    keepFloat(site, "a quantizer kind with no QDQ form");
    return x;
  }
  const auto& spec = params->spec;
  if (spec.scheme == QuantScheme::Log2) {
    keepFloat(site, "log2 has no QDQ form");
    return x;
  }
  if (spec.granularity == Granularity::PerToken) {
    keepFloat(site, "per-token scales have no QDQ form");
    return x;
  }
  if (spec.granularity == Granularity::PerChannel && site.kind != SiteKind::Weight && !depthwiseInput(site) &&
      !perHead(site, x, params->scale)) {
    keepFloat(site, "per-channel scales on a GEMM's reduction axis cannot be factored out of it");
    return x;
  }
  qdq_.insert(site.id);
  return applyQdqMarker(input, *params, site.id);
}

}  // namespace vq
