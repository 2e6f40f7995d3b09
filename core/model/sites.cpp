#include "core/model/sites.h"

namespace vq {

const char* siteKindName(SiteKind kind) {
  switch (kind) {
    case SiteKind::Weight: return "weight";
    case SiteKind::LinearInput: return "linear_input";
    case SiteKind::MatmulOperand: return "matmul_operand";
    case SiteKind::SoftmaxOutput: return "softmax_output";
    case SiteKind::NormOutput: return "norm_output";
    case SiteKind::ActOutput: return "act_output";
    case SiteKind::NormInput: return "norm_input";
    case SiteKind::SoftmaxInput: return "softmax_input";
  }
  return "unknown";
}

bool quantizedByDefault(SiteKind kind) {
  return kind == SiteKind::Weight || kind == SiteKind::LinearInput || kind == SiteKind::MatmulOperand || kind == SiteKind::SoftmaxOutput;
}

int SiteContext::add(SiteInfo info) {
  info.id = static_cast<int>(sites_.size());
  if (info.name.empty()) info.name = joinPath(info.module, info.role);
  sites_.push_back(std::move(info));
  return sites_.back().id;
}

const SiteInfo* SiteContext::find(const std::string& name) const {
  for (const auto& s : sites_)
    if (s.name == name) return &s;
  return nullptr;
}

std::string joinPath(const std::string& prefix, const std::string& name) {
  if (prefix.empty()) return name;
  if (name.empty()) return prefix;
  return prefix + "." + name;
}

}  // namespace vq
