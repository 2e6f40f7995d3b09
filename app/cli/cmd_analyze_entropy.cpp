// vitquant analyze entropy --model MODEL [--quant DIR …] [--bits B] [--data DATA] [--images N]
//                          [--image IMG [--layer NAME]] [--json]
// Q-ViT's information view: per layer × head, the entropy of the quantized q/k codes and of the
// attention distributions, for the float model and each quantized folder (e.g. a baseline QAT run and
// an IRM run); with --image, the attention maps of that image for each of them.
#include "app/cli/command.h"
#include "core/analysis/attention_entropy.h"
#include "core/data/dataset.h"
#include "core/data/image.h"
#include "core/data/preprocess.h"
#include "core/quant/irm_quantizer.h"
#include "core/util/error.h"

#include <cstdio>
#include <memory>

namespace vq::cli {
namespace {

struct EntropyCliOptions {
  CommonOptions common;
  std::string model, data = "fashion-mnist", image, layer;
  std::vector<std::string> quant;
  int bits = 0;  // 0: the first quantized folder's activation bits, else 4
  int64_t images = 64;
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
  if (!fp.quant.is_null()) inputError(o.model, "is quantized; pass its float model as --model and this folder as --quant");
  std::vector<QuantizedModel> quantized;
  for (const auto& dir : o.quant) {
    quantized.push_back(openQuantizedModel(dir));
    if (quantized.back().integer) inputError(dir, "is an integer-only model; its attention is not observable through sites");
    if (quantized.back().loaded.config.architecture != fp.config.architecture)
      inputError(dir, "is a " + quantized.back().loaded.config.architecture + ", not a " + fp.config.architecture);
  }
  const int bits = o.bits > 0 ? o.bits : quantized.empty() ? 4 : quantized.front().info.abits;
  const auto data = openDataset(o.data);
  const auto images = data->batch(0, std::min(o.images, data->size()), fp.config.pretrained).images;
  fp.model->checkInput(images, data->spec());

  nlohmann::json j = {{"model", o.model}, {"data", data->spec()}, {"images", images.size(0)}};
  const auto fpProfile = floatEntropy(*fp.model, images, bits);
  j["fp"] = toJson(fpProfile);
  j["quantized"] = nlohmann::json::array();
  std::vector<EntropyProfile> profiles;
  for (size_t i = 0; i < quantized.size(); ++i) {
    profiles.push_back(quantizedEntropy(quantized[i], images));
    auto q = toJson(profiles.back());
    q["quant"] = o.quant[i];
    q["method"] = quantized[i].info.method;
    q["wbits"] = quantized[i].info.wbits;
    q["abits"] = quantized[i].info.abits;
    q["irm"] = hasIrm(quantized[i]);
    j["quantized"].push_back(q);
  }
  if (!o.image.empty()) {
    const auto input = preprocessImage(readImage(o.image), fp.config.pretrained, o.image).unsqueeze(0);
    fp.model->checkInput(input, o.image);
    nlohmann::json maps = {{"image", o.image}, {"fp", toJson(attentionMaps(*fp.model, input, o.layer))}};
    maps["quantized"] = nlohmann::json::array();
    for (auto& qm : quantized) maps["quantized"].push_back(toJson(attentionMaps(qm.model(), input, o.layer)));
    j["maps"] = maps;
  }
  if (o.common.json) {
    printJson(j);
    return;
  }
  std::printf("%s, %lld images of %s\n", o.model.c_str(), static_cast<long long>(images.size(0)), data->spec().c_str());
  printProfile("float (q/k through a per-head min-max quantizer)", fpProfile);
  for (size_t i = 0; i < profiles.size(); ++i) printProfile(o.quant[i].c_str(), profiles[i]);
  if (j.contains("maps")) std::printf("attention maps of %s at %s: use --json\n", o.image.c_str(), j["maps"]["fp"]["layer"].get<std::string>().c_str());
}

}  // namespace

void registerAnalyzeEntropy(CLI::App* analyze) {
  auto o = std::make_shared<EntropyCliOptions>();
  auto* e = analyze->add_subcommand("entropy", "Entropy of quantized q/k codes and of attention, per layer and head; attention maps of an image");
  e->add_option("--model", o->model, "the float model")->required();
  e->add_option("--quant", o->quant, "a quantized folder of the same architecture (repeatable: e.g. baseline QAT and IRM)");
  e->add_option("--bits", o->bits, "bits of the float model's q/k codes (default: the first --quant's activation bits, else 4)")->check(CLI::Range(2, 8));
  e->add_option("--data", o->data, "images to measure on (the first --images of them)")->capture_default_str();
  e->add_option("--images", o->images, "images")->check(CLI::Range(int64_t{1}, int64_t{100000}))->capture_default_str();
  e->add_option("--image", o->image, "an image file: also report its attention maps");
  e->add_option("--layer", o->layer, "attention layer of the maps, e.g. blocks.3.attn (default: the last with a whole-image map)");
  addCommonOptions(e, o->common);
  e->callback([o] {
    applyThreads(o->common);
    runEntropy(*o);
  });
}

}  // namespace vq::cli
