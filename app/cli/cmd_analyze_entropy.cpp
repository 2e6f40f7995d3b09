// vitquant analyze entropy --model MODEL [--quant DIR …] [--bits B] [--data DATA] [--images N]
//                          [--image IMG [--layer NAME]] [--json]
// Q-ViT's information view: per layer × head, the entropy of the quantized q/k codes and of the
// attention distributions, for the float model and each quantized folder (e.g. a baseline QAT run and
// an IRM run); with --image, the attention maps of that image for each of them.
#include "app/cli/command.h"
#include "core/analysis/analysis_requests.h"
#include "core/quant/irm_quantizer.h"
#include "core/util/error.h"

#include <cstdio>
#include <memory>

namespace vq::cli {
namespace {

struct EntropyCliOptions {
  CommonOptions common;
  std::string model;
  std::vector<std::string> quant;
  EntropyRequest request;
};

bool hasIrm(const QuantizedModel& qm) {
  for (size_t i = 0; i < qm.quantizers->size(); ++i)
    if (std::dynamic_pointer_cast<IrmQuantizer>(qm.quantizers->get(static_cast<int>(i)))) return true;
  return false;
}

void printProfile(const char* title, const EntropyProfile& p) {
  std::printf("%s: mean q %.3f bits, k %.3f bits (of %d), attention %.3f bits\n", title, p.meanQ, p.meanK, p.bits, p.meanAttention);
  for (const auto& l : p.layers)
    for (size_t h = 0; h < l.q.size(); ++h)
      std::printf("  %-28s head %2zu  q %.3f  k %.3f  attention %.3f\n", l.layer.c_str(), h, l.q[h], h < l.k.size() ? l.k[h] : 0.0,
                  h < l.attention.size() ? l.attention[h] : 0.0);
}

void runEntropy(EntropyCliOptions& o) {
  const auto fp = openModel(o.model);
  std::vector<QuantizedModel> quantized;
  for (const auto& dir : o.quant) quantized.push_back(openQuantizedModel(dir));
  std::vector<NamedQuantizedModel> measured;
  for (size_t i = 0; i < quantized.size(); ++i) measured.push_back({o.quant[i], &quantized[i]});
  auto& r = o.request;
  r.everyLayer = false;
  if (r.imageFile.empty()) r.sample = -1;  // the maps are of --image only
  const auto a = vq::runEntropy(fp, measured, r, progressFor(o.common));
  if (progressFor(o.common)) endProgress();

  nlohmann::json j = {{"model", o.model}, {"data", a.dataSpec}, {"images", a.images}};
  j["fp"] = toJson(a.fp);
  j["quantized"] = nlohmann::json::array();
  for (size_t i = 0; i < quantized.size(); ++i) {
    auto q = toJson(a.quantized[i]);
    q["quant"] = o.quant[i];
    q["method"] = quantized[i].info.method;
    q["wbits"] = quantized[i].info.wbits;
    q["abits"] = quantized[i].info.abits;
    q["irm"] = hasIrm(quantized[i]);
    j["quantized"].push_back(q);
  }
  if (!a.imageName.empty()) {
    nlohmann::json maps = {{"image", r.imageFile}, {"fp", toJson(a.fpMaps.front())}};
    maps["quantized"] = nlohmann::json::array();
    for (const auto& m : a.quantizedMaps) maps["quantized"].push_back(toJson(m.front()));
    j["maps"] = maps;
  }
  if (o.common.json) {
    printJson(j);
    return;
  }
  std::printf("%s, %lld images of %s\n", o.model.c_str(), static_cast<long long>(a.images), a.dataSpec.c_str());
  printProfile("float (q/k through a per-head min-max quantizer)", a.fp);
  for (size_t i = 0; i < a.quantized.size(); ++i) printProfile(o.quant[i].c_str(), a.quantized[i]);
  if (!a.imageName.empty()) std::printf("attention maps of %s at %s: use --json\n", r.imageFile.c_str(), a.fpMaps.front().layer.c_str());
}

}  // namespace

void registerAnalyzeEntropy(CLI::App* analyze) {
  auto o = std::make_shared<EntropyCliOptions>();
  auto* e = analyze->add_subcommand("entropy", "Entropy of quantized q/k codes and of attention, per layer and head; attention maps of an image");
  e->add_option("--model", o->model, "the float model")->required();
  e->add_option("--quant", o->quant, "a quantized folder of the same architecture (repeatable: e.g. baseline QAT and IRM)");
  e->add_option("--bits", o->request.bits, "bits of the float model's q/k codes (default: the first --quant's activation bits, else 4)")->check(CLI::Range(2, 8));
  e->add_option("--data", o->request.data, "images to measure on (the first --images of them)")->capture_default_str();
  e->add_option("--images", o->request.images, "images")->check(CLI::Range(int64_t{1}, int64_t{100000}))->capture_default_str();
  e->add_option("--image", o->request.imageFile, "an image file: also report its attention maps");
  e->add_option("--layer", o->request.layer, "attention layer of the maps, e.g. blocks.3.attn (default: the last with a whole-image map)");
  addCommonOptions(e, o->common);
  e->callback([o] {
    applyThreads(o->common);
    runEntropy(*o);
  });
}

}  // namespace vq::cli
