#pragma once
// A quantized model: its own copy of a float model's weights plus one quantizer per quantized site,
// installed as the copy's site hook. Saved as a model folder with quant.json (quant_json.h) beside
// config.json and model.safetensors; openModel() loads float and quantized folders alike.
#include "core/integer/integer_model.h"
#include "core/model/zoo.h"
#include "core/quant/site_quantizer.h"

#include <string>
#include <vector>

namespace vq {

// The per-site quantizer table of one model, as its SiteHook.
class SiteQuantizers : public SiteHook {
public:
  explicit SiteQuantizers(size_t siteCount) : table_(siteCount) {}
  torch::Tensor onSite(const SiteInfo& site, const torch::Tensor& x) override;

  const SiteQuantizerPtr& get(int site) const { return table_.at(static_cast<size_t>(site)); }
  void set(int site, SiteQuantizerPtr q) { table_.at(static_cast<size_t>(site)) = std::move(q); }
  size_t size() const { return table_.size(); }

  bool enabled = true;          // false: every site stays float (the FP model on the same weights)
  int only = -1;                // >= 0: quantise this site alone (enable-one analyses)
  SiteHook* observer = nullptr; // borrowed; sees each site's float tensor before its quantizer

private:
  std::vector<SiteQuantizerPtr> table_;
};

// What a method did, saved as quant.json's header.
struct QuantInfo {
  std::string method;
  int wbits = 8, abits = 8;
  nlohmann::json options = nlohmann::json::object();
  nlohmann::json layers;  // per-layer choices a method made (qhyvit), saved as "layers" when set
};

struct QuantizedModel {
  LoadedModel loaded;  // a private copy of the weights; its site hook is `quantizers`
  std::shared_ptr<SiteQuantizers> quantizers;
  QuantInfo info;
  // An integer-only model made from these weights (I-ViT); when set, it is what gets evaluated and saved
  // (integer.safetensors, named by quant.json's "integer").
  std::shared_ptr<IntegerModel> integer;

  VisionModel& model() const { return *loaded.model; }
  VisionModel& inference() const { return integer ? *integer : *loaded.model; }  // the model that answers
  // Weight, input and matmul sites left in float (observation-only sites are not listed).
  std::vector<std::string> floatSites() const;
  nlohmann::json toJson() const;  // the whole quant.json
};

// A deep copy of a model's weights with its own sites (no hook installed).
LoadedModel cloneModel(const LoadedModel& source);

// A copy of `fp` with an empty quantizer table installed (every site float until methods fill it).
QuantizedModel makeQuantizedModel(const LoadedModel& fp);

// The model's parameter behind a weight site ("<module>.weight").
torch::Tensor siteWeight(VisionModel& model, const SiteInfo& site);

// Writes config.json, model.safetensors and quant.json into `folder`, each atomically, quant.json last.
void saveQuantizedModel(const std::string& folder, const QuantizedModel& qm);

// MODEL (builtin:, arch: or a folder); a folder with quant.json comes back quantized, its quantizers
// installed and `quant` set. A quant.json that does not fit the model is vq::Error(Input) naming it.
LoadedModel openModel(const std::string& spec);

// A quantized folder as a QuantizedModel again (weights, quantizer table, integer model, method and bits).
QuantizedModel openQuantizedModel(const std::string& folder);

}  // namespace vq
