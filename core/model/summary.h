#pragma once
// A plain description of a loaded model for `vitquant info` and the studio's model panel.
#include "core/model/zoo.h"

#include <nlohmann/json.hpp>

namespace vq {

int64_t parameterCount(const VisionModel& model);

// What the studio's model panel shows: the model at a glance, its leaf modules with their parameter shapes,
// and its quantizable sites.
struct ModuleOutline {
  std::string path, type;  // type: "Linear", "Conv2d", … (without the engine's decorations)
  std::vector<std::pair<std::string, std::vector<int64_t>>> parameters;  // name → shape, in the module's order
};

struct ModelOutline {
  std::string model, architecture, family;
  int64_t numClasses = 0, parameters = 0;
  std::vector<int64_t> inputSize;
  std::vector<ModuleOutline> modules;
  std::vector<std::string> sites;
};

ModelOutline outlineModel(const LoadedModel& loaded);

// {"model","architecture","family","num_classes","parameters","input_size","mean","std","crop_pct",
//  "interpolation","label_names","sites","units","modules","training"(when recorded)}
nlohmann::json describeModel(const LoadedModel& loaded);

}  // namespace vq
