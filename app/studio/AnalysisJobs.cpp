#include "app/studio/AnalysisJobs.h"

#include "core/analysis/attention_entropy.h"
#include "core/analysis/landscape.h"
#include "core/analysis/quantizer_fit.h"
#include "core/data/dataset.h"
#include "core/data/image.h"
#include "core/data/preprocess.h"
#include "core/methods/method.h"
#include "core/methods/quantize_run.h"
#include "core/util/error.h"
#include "core/util/progress_slice.h"

#include <QFileInfo>
#include <QJsonObject>

#include <array>

namespace {

constexpr int kFitImages = 64;          // as `vitquant analyze fit`
constexpr int kLandscapeImages = 96;    // as `vitquant analyze landscape`: a 21-point curve in seconds
constexpr int kSurfaceGrid = 15;        // 2-D: 225 forward passes of the sample

std::string str(const QString& s) { return s.toStdString(); }

// The run's model, if the entropy of its attention can be measured next to `fp`.
vq::QuantizedModel& measurable(const StudioRun& run, const vq::LoadedModel& fp) {
  if (!run.model) vq::inputError(str(run.folder), "was saved without its model: nothing to measure");
  if (run.model->integer) vq::inputError(str(run.folder), "is an integer-only model; its attention is not observable through sites");
  const auto& arch = run.model->loaded.config.architecture;
  if (arch != fp.config.architecture) vq::inputError(str(run.folder), "is a run of " + arch + ", not of the loaded " + fp.config.architecture);
  return *run.model;
}

}  // namespace

QString runLabel(const StudioRun& run) {
  const auto& s = run.summary;
  QString label = QString("#%1 %2 W%3A%4").arg(run.id).arg(s["method"].toString()).arg(s["wbits"].toInt()).arg(s["abits"].toInt());
  if (!run.model) return label;
  // Only the options changed from the method's defaults: what tells two runs of a method apart (irm=false …).
  std::vector<vq::OptionSpec> specs;
  try {
    specs = vq::describeOptions(vq::methodByName(str(s["method"].toString())), run.model->loaded, s["wbits"].toInt(), s["abits"].toInt());
  } catch (const std::exception&) {
    return label;  // a method this build does not know: the plain label will do
  }
  const auto options = s["options"].toObject();
  QStringList changed;
  for (const auto& spec : specs) {
    const QString key = QString::fromStdString(spec.key);
    if (!options.contains(key)) continue;
    const QJsonValue v = options[key];
    const QString value = v.isBool() ? (v.toBool() ? "true" : "false") : v.isDouble() ? QString::number(v.toDouble()) : v.toString();
    const QString fallback = QString::fromStdString(spec.defaultValue);
    bool numeric = false;
    const double number = fallback.toDouble(&numeric);
    if ((numeric && v.isDouble()) ? number == v.toDouble() : value == fallback) continue;
    changed << key + "=" + value;
  }
  if (!changed.isEmpty()) label += " (" + changed.join(", ") + ")";
  return label;
}

JobRunner::Work fitJob(std::shared_ptr<const vq::LoadedModel> fp, QString site, QString data, int seed,
                       std::shared_ptr<std::shared_ptr<const vq::QuantizerFit>> out) {
  return [fp, site, data, seed, out](const vq::ProgressFn& progress, const vq::CancelToken& cancel) {
    const auto dataset = vq::openDataset(vq::calibrationDataSpec(str(data)));
    const auto images = vq::calibrationImages(*dataset, kFitImages, fp->config.pretrained, static_cast<uint64_t>(seed));
    fp->model->checkInput(images, dataset->spec());
    *out = std::make_shared<const vq::QuantizerFit>(vq::fitSoftmaxSite(*fp, images, str(site), static_cast<uint64_t>(seed), progress, cancel));
  };
}

JobRunner::Work landscapeJob(std::shared_ptr<const vq::LoadedModel> fp, LandscapeRequest request, QString data, int seed,
                             std::shared_ptr<std::array<std::shared_ptr<const vq::Landscape>, 2>> out) {
  return [fp, request, data, seed, out](const vq::ProgressFn& progress, const vq::CancelToken& cancel) {
    const auto dataset = vq::openDataset(vq::calibrationDataSpec(str(data)));
    const auto batch = vq::calibrationBatch(*dataset, kLandscapeImages, fp->config.pretrained, static_cast<uint64_t>(seed));
    fp->model->checkInput(batch.images, dataset->spec());
    vq::LandscapeOptions o;
    o.block = request.block;
    o.bits = request.bits;
    o.seed = static_cast<uint64_t>(seed);
    o.twoD = request.twoD;
    if (request.twoD) {
      o.grid = kSurfaceGrid;
      o.channelWise = request.channelWise;
      (*out)[0] = std::make_shared<const vq::Landscape>(vq::lossLandscape(*fp, batch.images, batch.labels, o, progress, cancel));
      return;
    }
    for (int i = 0; i < 2; ++i) {
      o.channelWise = i == 1;
      (*out)[static_cast<size_t>(i)] = std::make_shared<const vq::Landscape>(
          vq::lossLandscape(*fp, batch.images, batch.labels, o, vq::progressSlice(progress, 0.5 * i, 0.5 * (i + 1)), cancel));
    }
  };
}

JobRunner::Work entropyJob(std::shared_ptr<const vq::LoadedModel> fp, std::shared_ptr<const StudioRun> run, std::shared_ptr<const StudioRun> compare,
                           EntropyRequest request, QString data, std::shared_ptr<std::shared_ptr<const vq::EntropyStudy>> out) {
  return [fp, run, compare, request, data, out](const vq::ProgressFn& progress, const vq::CancelToken& cancel) {
    auto& quantized = measurable(*run, *fp);
    const auto dataset = vq::openDataset(str(data));
    const auto images = dataset->batch(0, std::min<int64_t>(request.images, dataset->size()), fp->config.pretrained).images;
    fp->model->checkInput(images, dataset->spec());
    vq::EntropyStudy study;
    study.images = images.size(0);
    study.runLabel = str(run->label);
    progress(0.0, "float model");
    study.fp = vq::floatEntropy(*fp->model, images, quantized.info.abits);
    vq::throwIfCancelled(cancel);
    progress(0.35, "run " + std::to_string(run->id));
    study.run = vq::quantizedEntropy(quantized, images);
    vq::throwIfCancelled(cancel);
    if (compare) {
      progress(0.65, "run " + std::to_string(compare->id));
      study.compareLabel = str(compare->label);
      study.compare = vq::quantizedEntropy(measurable(*compare, *fp), images);
      vq::throwIfCancelled(cancel);
    }
    progress(0.9, "attention maps");
    torch::Tensor image;
    if (!request.file.isEmpty()) {
      const auto path = str(request.file);
      image = vq::preprocessImage(vq::readImage(path), fp->config.pretrained, path).unsqueeze(0);
      fp->model->checkInput(image, path);
      study.imageName = str(QFileInfo(request.file).fileName());
    } else {
      if (request.sample < 0 || request.sample >= dataset->size())
        vq::usageError("test image #" + std::to_string(request.sample) + " is outside " + dataset->spec() + " (" + std::to_string(dataset->size()) +
                       " images)");
      image = dataset->batch(request.sample, 1, fp->config.pretrained).images;
      study.imageName = dataset->spec() + " #" + std::to_string(request.sample);
    }
    study.picture = vq::displayImage(image, fp->config.pretrained);
    study.fpMaps = vq::everyAttentionMap(*fp->model, image);
    study.runMaps = vq::everyAttentionMap(quantized.model(), image);
    *out = std::make_shared<const vq::EntropyStudy>(std::move(study));
  };
}
