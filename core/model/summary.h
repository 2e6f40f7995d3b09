#pragma once
// A plain description of a loaded model for `vitquant info` and the studio's model panel.
#include "core/model/zoo.h"

#include <nlohmann/json.hpp>

namespace vq {

int64_t parameterCount(const VisionModel& model);

// {"model","architecture","family","num_classes","parameters","input_size","mean","std","crop_pct",
//  "interpolation","label_names","sites","units","modules","training"(when recorded)}
nlohmann::json describeModel(const LoadedModel& loaded);

}  // namespace vq
