#include "core/quant/quant_model.h"

#include "core/io/json_file.h"
#include "core/quant/quant_json.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"

#include <torch/torch.h>

#include <filesystem>

namespace fs = std::filesystem;

namespace vq {
namespace {

constexpr const char* kQuantFile = "quant.json";

// Sites a float_sites list names when left float: what every method quantises by default. Norm and
// activation outputs only observe a tensor the next layer's input site quantises anyway; norm and
// softmax inputs are quantised by full quantization only.
bool isQuantizable(SiteKind kind) { return quantizedByDefault(kind); }

struct Installed {
  std::shared_ptr<SiteQuantizers> table;
  std::shared_ptr<IntegerModel> integer;  // when quant.json names an integer-only model
};

// Builds the quantizers quant.json describes and installs them on `loaded`'s model.
Installed installQuantizers(LoadedModel& loaded, const nlohmann::json& j, const std::string& file) {
  if (!j.is_object() || j.value("format", "") != "vitquant-quant") inputError(file, "not a vitquant quant.json (\"format\" missing)");
  if (!j.contains("version") || !j["version"].is_number_integer() || j["version"].get<int>() != 1)
    inputError(file, "unsupported \"version\" (this build reads version 1)");
  if (!j.contains("sites") || !j["sites"].is_object()) inputError(file, "\"sites\" must be an object");
  auto& model = *loaded.model;
  auto table = std::make_shared<SiteQuantizers>(model.sites().sites().size());
  for (const auto& [name, entry] : j["sites"].items()) {
    const auto* site = model.sites().find(name);
    if (!site) inputError(file, "site '" + name + "' does not exist in " + loaded.config.architecture);
    table->set(site->id, quantizerFromJson(entry, file, name));
  }
  model.sites().installHook(table);
  // Shapes of activation scales can only be checked against live tensors: one forward on a blank image.
  const auto& size = loaded.config.pretrained.inputSize;
  try {
    c10::InferenceMode inference;
    model.forward(torch::zeros({1, size[0], size[1], size[2]}));
  } catch (const c10::Error& e) {
    inputError(file, "quantizer shapes do not fit the model: " + std::string(e.what_without_backtrace()).substr(0, 200));
  }
  loaded.quant = j;
  loaded.quant.erase("sites");
  Installed installed{table, nullptr};
  if (j.contains("integer")) {
    if (j["integer"] != kIntegerFile) inputError(file, std::string("\"integer\" must name ") + kIntegerFile);
    installed.integer = makeIntegerModel(model, file);
    readIntegerModel((fs::path(file).parent_path() / kIntegerFile).string(), *installed.integer);
  }
  return installed;
}

}  // namespace

torch::Tensor SiteQuantizers::onSite(const SiteInfo& site, const torch::Tensor& x) {
  if (observer) observer->onSite(site, x);
  if (!enabled || (only >= 0 && site.id != only)) return x;
  const auto& q = table_[static_cast<size_t>(site.id)];
  return q ? q->apply(x) : x;
}

std::vector<std::string> QuantizedModel::floatSites() const {
  std::vector<std::string> names;
  if (integer) return names;  // integer-only: nothing stays float
  for (const auto& s : loaded.model->sites().sites())
    if (isQuantizable(s.kind) && !quantizers->get(s.id)) names.push_back(s.name);
  return names;
}

nlohmann::json QuantizedModel::toJson() const {
  nlohmann::json sites = nlohmann::json::object();
  for (const auto& s : loaded.model->sites().sites())
    if (const auto& q = quantizers->get(s.id)) sites[s.name] = q->toJson();
  nlohmann::json j = {{"format", "vitquant-quant"}, {"version", 1},         {"method", info.method}, {"wbits", info.wbits},
                      {"abits", info.abits},        {"options", info.options}, {"float_sites", floatSites()}, {"sites", sites}};
  if (integer) j["integer"] = kIntegerFile;
  if (!info.layers.is_null()) j["layers"] = info.layers;
  return j;
}

LoadedModel cloneModel(const LoadedModel& source) {
  LoadedModel copy = source;
  copy.model = createModel(source.config, source.spec);
  loadStateDict(*copy.model, stateDict(*source.model), source.spec);
  copy.model->eval();
  copy.quant = nullptr;
  return copy;
}

QuantizedModel makeQuantizedModel(const LoadedModel& fp) {
  QuantizedModel qm;
  qm.loaded = cloneModel(fp);
  qm.quantizers = std::make_shared<SiteQuantizers>(qm.loaded.model->sites().sites().size());
  qm.loaded.model->sites().installHook(qm.quantizers);
  return qm;
}

torch::Tensor siteWeight(VisionModel& model, const SiteInfo& site) {
  assert(site.kind == SiteKind::Weight);
  // The dictionary owns its entries: keep it alive while the found tensor is copied out.
  const auto parameters = model.named_parameters(true);
  const auto* w = parameters.find(joinPath(site.module, "weight"));
  if (!w) throw std::logic_error("weight site " + site.name + " has no parameter " + joinPath(site.module, "weight"));
  return *w;
}

void saveQuantizedModel(const std::string& folder, const QuantizedModel& qm) {
  saveModelFolder(folder, qm.loaded.config, qm.model());
  if (qm.integer) writeIntegerModel((fs::path(folder) / kIntegerFile).string(), *qm.integer);
  writeFileAtomically((fs::path(folder) / kQuantFile).string(), qm.toJson().dump(1) + "\n");
}

LoadedModel openModel(const std::string& spec) {
  auto loaded = loadModel(spec);
  if (loaded.folder.empty()) return loaded;
  const auto file = (fs::path(loaded.folder) / kQuantFile).string();
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return loaded;
  const auto installed = installQuantizers(loaded, readJsonFile(file, kMaxQuantJsonBytes), file);
  if (installed.integer) loaded.model = installed.integer;  // an integer-only folder answers in integers
  return loaded;
}

QuantizedModel openQuantizedModel(const std::string& folder) {
  QuantizedModel qm;
  qm.loaded = loadModel(folder);
  const auto file = (fs::path(folder) / kQuantFile).string();
  std::error_code ec;
  if (qm.loaded.folder.empty() || !fs::is_regular_file(file, ec)) inputError(folder, "is not a quantized model folder (no quant.json)");
  const auto j = readJsonFile(file, kMaxQuantJsonBytes);
  const auto installed = installQuantizers(qm.loaded, j, file);
  qm.quantizers = installed.table;
  qm.integer = installed.integer;
  const auto badHeader = [&] { inputError(file, "\"method\", \"wbits\" or \"abits\" missing or of the wrong type"); };
  for (const char* bits : {"wbits", "abits"})  // a float here would be cast to int unchecked
    if (!j.contains(bits) || !j[bits].is_number_integer()) badHeader();
  try {
    qm.info = {j.at("method").get<std::string>(), j.at("wbits").get<int>(), j.at("abits").get<int>(), j.value("options", nlohmann::json::object()),
               j.value("layers", nlohmann::json())};
  } catch (const nlohmann::json::exception&) {
    badHeader();
  }
  return qm;
}

}  // namespace vq
