#pragma once
// The method views' jobs (JobRunner tasks): the quantizer fit and the loss landscape of the float model,
// and the attention entropy of a run. Each returns its result to the GUI thread once the job has succeeded.
#include "app/studio/JobRunner.h"
#include "app/studio/StudioRun.h"
#include "widgets/EntropyView.h"
#include "widgets/LandscapeView.h"

#include <array>
#include <memory>

namespace vq {
struct LoadedModel;
struct QuantizerFit;
struct Landscape;
struct EntropyStudy;
}  // namespace vq

// `site` (post-Softmax) sampled on calibration images of `data` in the float model, every quantizer fitted at 2–8 bits.
JobRunner::Task<std::shared_ptr<const vq::QuantizerFit>> fitJob(std::shared_ptr<const vq::LoadedModel> fp, QString site, QString data, int seed);

// A 1-D request sweeps both granularities ([0] layer-wise, [1] channel-wise); a 2-D one fills [0].
using LandscapePair = std::array<std::shared_ptr<const vq::Landscape>, 2>;
JobRunner::Task<LandscapePair> landscapeJob(std::shared_ptr<const vq::LoadedModel> fp, LandscapeRequest request, QString data, int seed);

// The float model, `run` and optionally `compare` measured on the first images of `data`, and the maps of one image.
JobRunner::Task<std::shared_ptr<const vq::EntropyStudy>> entropyJob(std::shared_ptr<const vq::LoadedModel> fp, std::shared_ptr<const StudioRun> run,
                                                                    std::shared_ptr<const StudioRun> compare, EntropyRequest request, QString data);

// How a run is named in the views, with the options it changed: "#2 qvit W4A4 (irm=false)". On the GUI thread.
QString runLabel(const StudioRun& run);
