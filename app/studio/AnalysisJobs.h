#pragma once
// The method views' jobs (JobRunner work): the quantizer fit and the loss landscape of the float model,
// and the attention entropy of a run. Each leaves its result in a slot read on the GUI thread once the job
// has succeeded.
#include "app/studio/JobRunner.h"
#include "app/studio/StudioRun.h"
#include "widgets/EntropyView.h"
#include "widgets/LandscapeView.h"

namespace vq {
struct LoadedModel;
struct QuantizerFit;
struct Landscape;
struct EntropyStudy;
}  // namespace vq

// `site` (post-Softmax) sampled on calibration images of `data` in the float model, every quantizer fitted at 2–8 bits.
JobRunner::Work fitJob(std::shared_ptr<const vq::LoadedModel> fp, QString site, QString data, int seed,
                       std::shared_ptr<std::shared_ptr<const vq::QuantizerFit>> out);

// A 1-D request sweeps both granularities (`out[0]` layer-wise, `out[1]` channel-wise); a 2-D one fills `out[0]`.
JobRunner::Work landscapeJob(std::shared_ptr<const vq::LoadedModel> fp, LandscapeRequest request, QString data, int seed,
                             std::shared_ptr<std::array<std::shared_ptr<const vq::Landscape>, 2>> out);

// The float model, `run` and optionally `compare` measured on the first images of `data`, and the maps of one image.
JobRunner::Work entropyJob(std::shared_ptr<const vq::LoadedModel> fp, std::shared_ptr<const StudioRun> run, std::shared_ptr<const StudioRun> compare,
                           EntropyRequest request, QString data, std::shared_ptr<std::shared_ptr<const vq::EntropyStudy>> out);

// How a run is named in the views, with the options it changed: "#2 qvit W4A4 (irm=false)". On the GUI thread.
QString runLabel(const StudioRun& run);
