#include "core/model/zoo.h"

#include "core/model/family.h"
#include "core/util/allocation_budget.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"

#include <torch/torch.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <unistd.h>

namespace vq {
namespace fs = std::filesystem;

namespace {

const ModelFamily* const* families() {
  static const ModelFamily* table[] = {&vitFamily(), &swinFamily(), &mobileVitFamily(), &mobileVitV2Family(), nullptr};
  return table;
}

const ModelFamily* familyFor(const std::string& architecture) {
  for (auto f = families(); *f; ++f)
    if ((*f)->matches(architecture)) return *f;
  return nullptr;
}

std::string exeDir() {
  std::error_code ec;
  auto p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : p.parent_path().string();
}

}  // namespace

std::optional<int64_t> nameNumber(const std::string& digits) {
  if (digits.empty() || digits.size() > 6 || digits.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoll(digits);
}

std::vector<std::string> nameParts(const std::string& architecture) {
  std::vector<std::string> parts;
  std::stringstream ss(architecture);
  std::string item;
  while (std::getline(ss, item, '_')) parts.push_back(item);
  return parts;
}

bool isKnownArchitecture(const std::string& name) { return familyFor(name) != nullptr; }

std::vector<std::string> architectureExamples() {
  std::vector<std::string> out;
  for (auto f = families(); *f; ++f) out.push_back((*f)->examples);
  return out;
}

VisionModelPtr createModel(const ModelConfig& cfg, const std::string& source) {
  const ModelFamily* family = familyFor(cfg.architecture);
  if (!family) {
    std::string known;
    for (const auto& e : architectureExamples()) known += (known.empty() ? "" : "; ") + e;
    inputError(source, "unknown architecture '" + cfg.architecture + "' (known: " + known + ")");
  }
  ModelArgs args(cfg.modelArgs, source);
  VisionModelPtr model;
  try {
    AllocationBudget budget(maxModelBytes(), source, cfg.architecture + " with these model_args");
    model = family->create(cfg, args);
  } catch (const c10::Error& e) {
    inputError(source, "cannot build " + cfg.architecture + " with these model_args: " + e.what_without_backtrace());
  }
  args.rejectUnused(family->name);
  model->eval();
  return model;
}

ModelConfig defaultConfig(const std::string& architecture) {
  const ModelFamily* family = familyFor(architecture);
  if (!family) {
    ModelConfig probe;
    probe.architecture = architecture;
    createModel(probe, "arch:" + architecture);  // throws the "unknown architecture" error
  }
  ModelConfig cfg;
  cfg.architecture = architecture;
  cfg.numClasses = 1000;
  cfg.pretrained = family->defaults(architecture);
  return cfg;
}

void loadStateDict(VisionModel& model, const SafeTensors& weights, const std::string& source) {
  torch::NoGradGuard noGrad;
  std::map<std::string, torch::Tensor> targets;
  for (const auto& p : model.named_parameters(true)) targets[p.key()] = p.value();
  for (const auto& b : model.named_buffers(true)) targets[b.key()] = b.value();
  for (const auto& [name, t] : weights.tensors)
    if (!targets.count(name)) inputError(source, "unexpected tensor '" + name + "' (not a parameter of this architecture)");
  for (auto& [name, target] : targets) {
    auto it = weights.tensors.find(name);
    if (it == weights.tensors.end()) inputError(source, "missing tensor '" + name + "'");
    const auto& src = it->second;
    if (src.sizes() != target.sizes()) {
      std::ostringstream msg;
      msg << "tensor '" << name << "' has shape " << src.sizes() << ", the architecture expects " << target.sizes();
      inputError(source, msg.str());
    }
    if (!src.is_floating_point() && target.is_floating_point())
      inputError(source, "tensor '" + name + "' is not a floating-point tensor");
    target.copy_(src);
  }
}

SafeTensors stateDict(const VisionModel& model) {
  SafeTensors out;
  for (const auto& p : model.named_parameters(true)) out.tensors[p.key()] = p.value().detach().clone();
  for (const auto& b : model.named_buffers(true)) out.tensors[b.key()] = b.value().detach().clone();
  return out;
}

std::string resourceDir() {
  if (const char* env = std::getenv("VITQUANT_RESOURCES")) return env;
  // Installed layout: <prefix>/bin/vitquant and <prefix>/share/vitquant/.
  const std::string dir = exeDir();
  if (!dir.empty()) {
    const auto installed = fs::path(dir).parent_path() / "share" / "vitquant";
    if (fs::exists(installed / "models")) return installed.string();
  }
  return VQ_SOURCE_RESOURCE_DIR;
}

std::vector<std::string> builtinModelNames() {
  std::vector<std::string> names;
  std::error_code ec;
  const auto root = fs::path(resourceDir()) / "models";
  for (const auto& entry : fs::directory_iterator(root, ec))
    if (entry.is_directory() && fs::exists(entry.path() / "config.json")) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::string builtinModelFolder(const std::string& name) {
  const auto folder = fs::path(resourceDir()) / "models" / name;
  if (name.empty() || name.find('/') != std::string::npos || !fs::exists(folder / "config.json")) {
    std::string known;
    for (const auto& n : builtinModelNames()) known += (known.empty() ? "" : ", ") + n;
    inputError("builtin:" + name, "no such built-in model (built-ins: " + (known.empty() ? std::string("none installed") : known) + ")");
  }
  return folder.string();
}

LoadedModel loadModel(const std::string& spec) {
  LoadedModel out;
  out.spec = spec;
  if (spec.rfind("arch:", 0) == 0) {
    out.config = defaultConfig(spec.substr(5));
    out.model = createModel(out.config, spec);
    return out;
  }
  out.folder = spec.rfind("builtin:", 0) == 0 ? builtinModelFolder(spec.substr(8)) : spec;
  if (!fs::is_directory(out.folder))
    inputError(spec, fs::exists(out.folder) ? "not a model folder (expected a folder with config.json and model.safetensors)"
                                             : "no such model folder");
  const auto configPath = (fs::path(out.folder) / "config.json").string();
  const auto weightsPath = (fs::path(out.folder) / "model.safetensors").string();
  if (!fs::exists(configPath)) inputError(configPath, "missing (a model folder needs config.json)");
  if (!fs::exists(weightsPath)) inputError(weightsPath, "missing (a model folder needs model.safetensors)");
  out.config = readModelConfig(configPath);
  out.model = createModel(out.config, configPath);
  loadStateDict(*out.model, readSafetensors(weightsPath), weightsPath);
  out.model->eval();
  return out;
}

void saveModelFolder(const std::string& folder, const ModelConfig& cfg, const VisionModel& model) {
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) inputError(folder, "cannot create folder: " + ec.message());
  SafeTensors weights = stateDict(model);
  weights.metadata["architecture"] = cfg.architecture;
  writeSafetensors((fs::path(folder) / "model.safetensors").string(), weights);
  writeFileAtomically((fs::path(folder) / "config.json").string(), toJson(cfg).dump(2) + "\n");
}

}  // namespace vq
