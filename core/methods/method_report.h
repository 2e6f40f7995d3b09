#pragma once
// What each quantization method reports about its own work, beside the run's accuracy: one struct per
// method, each with exactly one JSON form (the "report" object of a run summary, docs/design/architecture.md §3).
// Widgets and the CLI read these fields, never the JSON keys, so a renamed key fails to compile here
// rather than showing an empty chart elsewhere.
#include "core/quant/unit_report.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace vq {

// minmax and percentile calibrate in one pass and have nothing of their own to report.
struct EmptyReport {};

struct BrecqReport {
  std::vector<UnitReport> units;
};

// I&S-ViT: either one reconstruction (sos=off) or the three stages of its smooth optimisation.
struct IsvitReport {
  std::optional<std::vector<UnitReport>> units;   // sos=off
  std::optional<std::vector<UnitReport>> stage1;  // sos on, stage1=on: activations only, float inputs
  std::optional<std::vector<std::string>> reparameterized;  // sos on: the LayerNorm → Linear pairs folded to per-tensor steps
  std::optional<std::vector<UnitReport>> stage3;  // sos on, stage3=on: everything quantized
};

// The loss along depth after a reconstruction, and how much it zig-zags (modcap_planner.h).
struct DepthLoss {
  std::vector<double> loss;
  double oscillationIndex = 0;
};

struct UnitCapacity {
  std::string unit;
  double capacity = 0;
};

struct ModcapReport {
  std::string capacityKind;  // "data-free" | "data-dependent"
  std::vector<UnitCapacity> capacity;
  std::vector<double> differentials;  // between neighbouring units
  std::vector<std::string> merged;    // "blocks.2+blocks.3"
  std::vector<UnitReport> units;
  DepthLoss depth;
  // Data-dependent capacity comes from a plain BRECQ pass, which then stands in the report as the reference.
  struct BrecqProbe {
    std::vector<UnitReport> units;
    DepthLoss depth;
  };
  std::optional<BrecqProbe> brecq;
};

// Q-HyViT's choice for one layer (qhyvit_search.h LayerChoice, as saved).
struct HybridLayerReport {
  std::string layer, bridge;  // bridge: "" outside bridge blocks
  bool inputQuantized = false, depthwise = false;
  std::string granularity;  // "per_tensor" | "per_channel" | "none" (input stays float)
  std::string scheme;       // "uniform_asym" | "uniform_sym"
  double weightAlpha = 1, inputAlpha = 1;
  double minmaxError = 0, error = 0;
  int64_t zeroPointOverflowChannels = 0, clampedZeroPoints = 0;
  std::map<std::string, double> comboErrors;  // "per_tensor/uniform_asym" → error
};

struct BridgeReport {
  std::string block;
  std::vector<std::string> layers;
};

struct HybridSearchTotals {
  int64_t layers = 0, perChannelInputs = 0, symmetric = 0, clampedZeroPoints = 0;
  int64_t perChannelReductionInputs = 0;  // per-channel inputs no integer kernel can run
  bool deployable = false;
  double meanMinmaxError = 0, meanError = 0;
};

struct QhyvitReport {
  std::optional<std::vector<std::string>> foldedBatchnorms;  // fold_bn=on
  std::vector<BridgeReport> bridges;
  std::vector<HybridLayerReport> layers;
  HybridSearchTotals summary;
};

// Quantization-aware training (qvit, ivit's fine-tuning): one entry per epoch.
struct EpochReport {
  int64_t epoch = 0;
  double loss = 0, dgdLoss = 0, valTop1 = 0, seconds = 0;
};

struct TrainingReport {
  std::string trainData;
  std::vector<EpochReport> epochs;
  int64_t bestEpoch = 0;  // 0: the calibrated start was never beaten
  double startValTop1 = 0, bestValTop1 = 0;
};

struct QvitReport {
  TrainingReport training;  // its keys sit at the top of the report
  int64_t irmSites = 0;
  std::vector<std::string> boundaryLayers;
};

struct IvitReport {
  int64_t calibrationImages = 0;
  // The widths of the integer weights; runs saved before 4-bit weights existed have none (all 8 bits).
  struct WeightBits {
    int64_t transformerLayers = 8, patchEmbeddingAndClassifier = 8;
  };
  std::optional<WeightBits> weightBits;
  std::optional<TrainingReport> finetune;
};

using MethodReport = std::variant<EmptyReport, BrecqReport, IsvitReport, ModcapReport, QhyvitReport, QvitReport, IvitReport>;

nlohmann::json toJson(const MethodReport& report);
// The report of a run of `method`, from its JSON form. Throws vq::Error(Input) naming `source` and the key
// when one is missing or has the wrong type; keys it does not know are ignored (a newer version's runs open).
MethodReport methodReportFromJson(const std::string& method, const nlohmann::json& j, const std::string& source);

// Pieces other JSON files share (quant.json keeps Q-HyViT's layer choices).
nlohmann::json toJson(const std::vector<UnitReport>& units);
nlohmann::json toJson(const std::vector<HybridLayerReport>& layers);
nlohmann::json toJson(const std::vector<EpochReport>& epochs);

}  // namespace vq
