#include "core/analysis/analysis_requests.h"

#include "core/analysis/sensitivity.h"
#include "core/data/calibration_sample.h"
#include "core/data/image.h"
#include "core/data/preprocess.h"
#include "core/quant/quant_model.h"
#include "core/util/error.h"
#include "core/util/progress_slice.h"

#include <torch/torch.h>

namespace vq {
namespace {

// Calibration images of `data` for `model`, checked against its input.
Batch sampled(const LoadedModel& model, const std::string& data, int64_t n, uint64_t seed) {
  const auto dataset = openDataset(calibrationDataSpec(data));
  auto batch = calibrationBatch(*dataset, n, model.config.pretrained, seed);
  model.model->checkInput(batch.images, dataset->spec());
  return batch;
}

void checkObservable(const NamedQuantizedModel& q, const LoadedModel& fp) {
  if (q.model->integer) inputError(q.name, "is an integer-only model; its attention is not observable through sites");
  const auto& arch = q.model->loaded.config.architecture;
  if (arch != fp.config.architecture) inputError(q.name, "is a " + arch + ", not a " + fp.config.architecture);
}

}  // namespace

QuantizerFit runFit(const LoadedModel& model, const FitRequest& r, const ProgressFn& progress, const CancelToken& cancel) {
  const auto batch = sampled(model, r.data, r.images, r.seed);
  return fitSoftmaxSite(model, batch.images, r.site, r.seed, progress, cancel);
}

Landscape runLandscape(const LoadedModel& fp, const LandscapeRequest& r, const ProgressFn& progress, const CancelToken& cancel) {
  if (!fp.quant.is_null()) inputError(fp.spec, "is already quantized (the sweep calibrates the float model itself)");
  const auto batch = sampled(fp, r.data, r.images, r.options.seed);
  return lossLandscape(fp, batch.images, batch.labels, r.options, progress, cancel);
}

std::vector<SiteHistogram> runHistograms(const LoadedModel& model, const HistogramRequest& r, const ProgressFn& progress,
                                         const CancelToken& cancel) {
  const auto batch = sampled(model, r.data, r.images, r.options.seed);
  auto histograms = siteHistograms(model, batch.images, r.options, progress, cancel);
  if (histograms.empty()) usageError("no site matches --sites '" + r.options.match + "'");
  return histograms;
}

SensitivityAnalysis runSensitivity(const LoadedModel& quantized, const SensitivityRequest& r, const ProgressFn& progress,
                                   const CancelToken& cancel) {
  const auto data = openDataset(r.data);
  SensitivityAnalysis out;
  out.dataSpec = data->spec();
  const bool hybrid = !quantized.model->bridges().empty();
  out.checkedOverflow = hybrid && r.overflowImages > 0;
  out.report = analyzeSensitivity(quantized, *data, r.limit, progressSlice(progress, 0.0, out.checkedOverflow ? 0.9 : 1.0), cancel);
  if (out.checkedOverflow) {
    const auto batch = sampled(quantized, r.data, r.overflowImages, r.seed);
    out.overflow = zeroPointOverflow(*quantized.model, batch.images, r.overflowBits);
  }
  return out;
}

EntropyAnalysis runEntropy(const LoadedModel& fp, const std::vector<NamedQuantizedModel>& quantized, const EntropyRequest& r,
                           const ProgressFn& progress, const CancelToken& cancel) {
  if (!fp.quant.is_null()) inputError(fp.spec, "is quantized; pass its float model as --model and this folder as --quant");
  for (const auto& q : quantized) checkObservable(q, fp);
  const auto data = openDataset(r.data);
  const auto images = data->batch(0, std::min(r.images, data->size()), fp.config.pretrained).images;
  fp.model->checkInput(images, data->spec());
  const int bits = r.bits > 0 ? r.bits : quantized.empty() ? 4 : quantized.front().model->info.abits;

  EntropyAnalysis out;
  out.dataSpec = data->spec();
  out.images = images.size(0);
  const double models = 1.0 + static_cast<double>(quantized.size());
  if (progress) progress(0.0, "float model");
  out.fp = floatEntropy(*fp.model, images, bits);
  for (size_t i = 0; i < quantized.size(); ++i) {
    throwIfCancelled(cancel);
    if (progress) progress(0.9 * static_cast<double>(i + 1) / models, "quantized model " + std::to_string(i + 1));
    out.quantized.push_back(quantizedEntropy(*quantized[i].model, images));
  }
  throwIfCancelled(cancel);

  torch::Tensor image;
  if (!r.imageFile.empty()) {
    image = preprocessImage(readImage(r.imageFile), fp.config.pretrained, r.imageFile).unsqueeze(0);
    fp.model->checkInput(image, r.imageFile);
    out.imageName = r.imageFile;
  } else if (r.sample >= 0) {
    if (r.sample >= data->size())
      usageError("test image #" + std::to_string(r.sample) + " is outside " + data->spec() + " (" + std::to_string(data->size()) + " images)");
    image = data->batch(r.sample, 1, fp.config.pretrained).images;
    out.imageName = data->spec() + " #" + std::to_string(r.sample);
  } else {
    return out;
  }
  if (progress) progress(0.9, "attention maps");
  const auto maps = [&](VisionModel& model) {
    return r.everyLayer ? everyAttentionMap(model, image) : std::vector<AttentionMaps>{attentionMaps(model, image, r.layer)};
  };
  out.picture = displayImage(image, fp.config.pretrained);
  out.fpMaps = maps(*fp.model);
  for (const auto& q : quantized) out.quantizedMaps.push_back(maps(q.model->model()));
  return out;
}

}  // namespace vq
