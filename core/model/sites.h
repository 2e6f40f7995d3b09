#pragma once
// Quantizable sites: every tensor a quantizer may observe or replace has a stable name
// "<module path>.<role>" (docs/design/architecture.md §2), e.g. "blocks.3.attn.qkv.weight", "blocks.3.attn.softmax.output".
// Modules register their sites once at construction; at run time each site passes its tensor through
// the model's SiteHook (if one is installed), which may record it or return a (fake-)quantized copy.
#include <torch/types.h>

#include <memory>
#include <string>
#include <vector>

namespace vq {

enum class SiteKind {
  Weight,         // a Linear/Conv weight
  LinearInput,    // the input of a Linear/Conv
  MatmulOperand,  // q, k (q @ kᵀ) and v (attn @ v)
  SoftmaxOutput,  // post-Softmax attention probabilities (the left operand of attn @ v)
  NormOutput,     // output of a LayerNorm/GroupNorm (an observation point; the following Linear input is the same tensor)
  ActOutput,      // output of GELU/SiLU
  // Quantized only in full quantization (plan option full=on); otherwise observation points like the two above.
  NormInput,      // input of a LayerNorm/GroupNorm (the residual stream)
  SoftmaxInput,   // attention logits entering the Softmax
};

const char* siteKindName(SiteKind kind);

// Weights, layer inputs, matmul operands and the post-Softmax values: what basic PTQ quantizes. Norm and
// softmax inputs only under full quantization; norm/activation outputs never (the next input site does).
bool quantizedByDefault(SiteKind kind);

struct SiteInfo {
  int id = -1;           // index into SiteContext::sites(), stable for a given model
  std::string name;      // "<module>.<role>"
  std::string module;    // module path, e.g. "blocks.3.attn.qkv"
  std::string role;      // "weight", "input", "q", "k", "v", "softmax.output", "output" ...
  SiteKind kind = SiteKind::LinearInput;
  int channelAxis = -1;  // axis of channels in the observed tensor (0 for weights, last for tokens, 1 for NCHW)
  int heads = 0;         // attention heads, for per-head quantizers of q/k/v/softmax (0 = not an attention site)
};

class SiteHook {
public:
  virtual ~SiteHook() = default;
  // Returns the tensor to use in place of x (x itself to observe only).
  virtual torch::Tensor onSite(const SiteInfo& site, const torch::Tensor& x) = 0;
};

// Sees the output of every Linear/Conv layer (named by the layer's weight site): Q-HyViT measures its
// errors and gradients there. Unlike a site, a layer output is never quantized.
class LayerOutputHook {
public:
  virtual ~LayerOutputHook() = default;
  // Returns the tensor to use in place of y (y itself to observe only).
  virtual torch::Tensor onLayerOutput(const SiteInfo& weightSite, const torch::Tensor& y) = 0;
};

// Shared by all modules of one model.
class SiteContext {
public:
  int add(SiteInfo info);
  const std::vector<SiteInfo>& sites() const { return sites_; }
  const SiteInfo* find(const std::string& name) const;

  // The hook is borrowed: the caller keeps it alive while installed (see ScopedSiteHook).
  void setHook(SiteHook* hook) { hook_ = hook; }
  // Installs a hook the context keeps alive (a quantized model's quantizers travel with the model).
  void installHook(std::shared_ptr<SiteHook> hook) {
    owned_ = std::move(hook);
    hook_ = owned_.get();
  }
  SiteHook* hook() const { return hook_; }

  torch::Tensor tap(int id, const torch::Tensor& x) const {
    return hook_ ? hook_->onSite(sites_[static_cast<size_t>(id)], x) : x;
  }

  // Borrowed, like setHook; nullptr removes it.
  void setOutputHook(LayerOutputHook* hook) { outputHook_ = hook; }
  LayerOutputHook* outputHook() const { return outputHook_; }
  torch::Tensor tapOutput(int weightSite, const torch::Tensor& y) const {
    return outputHook_ ? outputHook_->onLayerOutput(sites_[static_cast<size_t>(weightSite)], y) : y;
  }

private:
  std::vector<SiteInfo> sites_;
  SiteHook* hook_ = nullptr;
  std::shared_ptr<SiteHook> owned_;
  LayerOutputHook* outputHook_ = nullptr;
};

using SiteContextPtr = std::shared_ptr<SiteContext>;

// Installs a hook for the lifetime of the object and restores the previous one afterwards.
class ScopedSiteHook {
public:
  ScopedSiteHook(SiteContext& ctx, SiteHook* hook) : ctx_(ctx), previous_(ctx.hook()) { ctx_.setHook(hook); }
  ~ScopedSiteHook() { ctx_.setHook(previous_); }
  ScopedSiteHook(const ScopedSiteHook&) = delete;
  ScopedSiteHook& operator=(const ScopedSiteHook&) = delete;

private:
  SiteContext& ctx_;
  SiteHook* previous_;
};

// The same for a LayerOutputHook.
class ScopedOutputHook {
public:
  ScopedOutputHook(SiteContext& ctx, LayerOutputHook* hook) : ctx_(ctx), previous_(ctx.outputHook()) { ctx_.setOutputHook(hook); }
  ~ScopedOutputHook() { ctx_.setOutputHook(previous_); }
  ScopedOutputHook(const ScopedOutputHook&) = delete;
  ScopedOutputHook& operator=(const ScopedOutputHook&) = delete;

private:
  SiteContext& ctx_;
  LayerOutputHook* previous_;
};

// Joins a module path and a child name ("" + "blocks" = "blocks", "blocks" + "0" = "blocks.0").
std::string joinPath(const std::string& prefix, const std::string& name);

}  // namespace vq
