#pragma once
// One request and one run(request, progress, cancel) per analysis behind the studio's views and `vitquant
// analyze`: each opens its data, draws its images and checks them against the model, so the CLI only parses
// and prints and the studio only schedules and shows (docs/design/architecture.md). The oscillation analysis
// runs a quantization and lives beside it (core/run/oscillation_run.h).
#include "core/analysis/attention_entropy.h"
#include "core/analysis/histogram_data.h"
#include "core/analysis/histograms.h"
#include "core/analysis/landscape.h"
#include "core/analysis/quantizer_fit.h"
#include "core/analysis/sensitivity_data.h"
#include "core/analysis/zero_point.h"
#include "core/util/progress.h"

#include <cstdint>
#include <string>
#include <vector>

namespace vq {

struct LoadedModel;
struct QuantizedModel;

// How a post-Softmax site's values fit each quantizer, on calibration images.
struct FitRequest {
  std::string data = "fashion-mnist";  // the images come from its calibration split (calibration_sample.h)
  std::string site;
  int64_t images = 64;
  uint64_t seed = 0;
};
QuantizerFit runFit(const LoadedModel& model, const FitRequest& request, const ProgressFn& progress = {}, const CancelToken& cancel = {});

// The loss around the calibrated post-LayerNorm steps of one block of a float model.
struct LandscapeRequest {
  std::string data = "fashion-mnist";
  // Every grid point is a forward pass over these: 96 keeps a 21×21 sweep of DeiT under a minute on 2 cores.
  int64_t images = 96;
  LandscapeOptions options;  // its seed also draws the images
};
// Throws vq::Error(Input) for a quantized model (the sweep calibrates the float model itself).
Landscape runLandscape(const LoadedModel& fp, const LandscapeRequest& request, const ProgressFn& progress = {}, const CancelToken& cancel = {});

// Per-site histograms with each quantizer's levels.
struct HistogramRequest {
  std::string data = "fashion-mnist";
  int64_t images = 256;
  HistogramOptions options;  // its seed also draws the images
};
// Throws vq::Error(Usage) when no site matches options.match.
std::vector<SiteHistogram> runHistograms(const LoadedModel& model, const HistogramRequest& request, const ProgressFn& progress = {},
                                         const CancelToken& cancel = {});

// Each quantized site alone against the original float model; for hybrid models (bridge blocks) also where
// asymmetric zero-points would clamp.
struct SensitivityRequest {
  std::string data = "fashion-mnist";
  int64_t limit = 500;            // the first images of `data`
  int64_t overflowImages = 256;   // calibration images of the zero-point check; 0: no check
  int overflowBits = 8;           // its activation bits
  uint64_t seed = 0;
};
struct SensitivityAnalysis {
  std::string dataSpec;
  SensitivityReport report;
  bool checkedOverflow = false;  // a hybrid model and overflowImages > 0
  std::vector<ZeroPointOverflow> overflow;
};
SensitivityAnalysis runSensitivity(const LoadedModel& quantized, const SensitivityRequest& request, const ProgressFn& progress = {},
                                   const CancelToken& cancel = {});

// Entropy of the quantized q/k codes and of attention per layer and head, for the float model and each
// quantized model, on the first images of a data set; and the attention maps of one image for each.
struct EntropyRequest {
  std::string data = "fashion-mnist";
  int64_t images = 64;
  int bits = 0;              // the float model's q/k codes: 0 = the first quantized model's activation bits, else 4
  std::string imageFile;     // the maps' image: a file …
  int64_t sample = -1;       // … or this item of `data`; neither: no maps
  bool everyLayer = true;    // maps of every layer that covers the image, or only of `layer`
  std::string layer;         // "" = the last layer with a whole-image map
};
struct EntropyAnalysis {
  std::string dataSpec;
  int64_t images = 0;
  EntropyProfile fp;
  std::vector<EntropyProfile> quantized;  // in the order given
  std::string imageName;                  // the file, or "<data> #<index>"; "" without maps
  torch::Tensor picture;                  // uint8 [H,W,3]
  std::vector<AttentionMaps> fpMaps;
  std::vector<std::vector<AttentionMaps>> quantizedMaps;
};
// A quantized model to measure, with the name errors give it (its folder).
struct NamedQuantizedModel {
  std::string name;
  QuantizedModel* model = nullptr;
};
// Throws vq::Error(Input) naming the model whose attention cannot be observed (integer-only) or whose
// architecture differs from `fp`'s.
EntropyAnalysis runEntropy(const LoadedModel& fp, const std::vector<NamedQuantizedModel>& quantized, const EntropyRequest& request,
                           const ProgressFn& progress = {}, const CancelToken& cancel = {});

}  // namespace vq
