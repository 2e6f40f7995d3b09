#include "app/studio/StudioJobs.h"

#include "core/analysis/histograms.h"
#include "core/analysis/sensitivity.h"
#include "core/data/dataset.h"
#include "core/eval/compare.h"
#include "core/methods/quantize_run.h"
#include "core/util/error.h"

#include <QDir>
#include <QDirIterator>
#include <QJsonDocument>

#include <torch/torch.h>

namespace {

constexpr int kHistogramImages = 32;
constexpr int kTopK = 5;

std::string str(const QString& s) { return s.toStdString(); }

// A folder whose sub-folders hold the images is a labelled data set; a flat one is a list of files.
bool hasClassFolders(const QString& folder) { return !QDir(folder).entryList(QDir::Dirs | QDir::NoDotAndDotDot).isEmpty(); }

std::vector<std::string> imagesIn(const QString& folder) {
  static const QStringList patterns = {"*.png", "*.jpg", "*.jpeg", "*.bmp", "*.tif", "*.tiff", "*.webp", "*.pgm", "*.ppm",
                                       "*.PNG", "*.JPG", "*.JPEG"};
  std::vector<std::string> files;
  for (const auto& name : QDir(folder).entryList(patterns, QDir::Files, QDir::Name)) files.push_back(str(QDir(folder).filePath(name)));
  if (files.empty()) vq::inputError(str(folder), "holds no images");
  return files;
}

}  // namespace

QJsonObject toQJson(const std::string& text) { return QJsonDocument::fromJson(QByteArray::fromStdString(text)).object(); }

JobRunner::Work quantizeJob(const RunSettings& s, std::shared_ptr<StudioRun> out) {
  return [s, out](const vq::ProgressFn& progress, const vq::CancelToken& cancel) {
    vq::QuantizeRequest r;
    r.model = str(s.model);
    r.method = str(s.method);
    r.data = str(s.data);
    r.wbits = s.wbits;
    r.abits = s.abits;
    r.calib = s.calib;
    r.evalLimit = s.evalLimit > 0 ? s.evalLimit : -1;
    r.seed = static_cast<uint64_t>(s.seed);
    r.options = s.options;
    const auto stage = [&](double lo, double hi) -> vq::ProgressFn {
      return [&, lo, hi](double f, const std::string& phase) { progress(lo + (hi - lo) * f, phase); };
    };
    auto run = vq::runQuantize(r, stage(0.0, 0.9), cancel);
    auto model = std::make_shared<vq::QuantizedModel>(std::move(run.model));

    const auto calibData = vq::openDataset(vq::calibrationDataSpec(r.data));
    const auto images = vq::calibrationImages(*calibData, kHistogramImages, model->loaded.config.pretrained, r.seed);
    vq::HistogramOptions ho;
    ho.seed = r.seed;
    ho.sampleBudget = 1 << 18;  // per site: plenty for 128 bins, and quick
    auto histograms = vq::siteHistograms(model->loaded, images, ho, stage(0.9, 1.0), cancel);

    out->summary = toQJson(run.summary.dump());
    out->model = std::move(model);
    out->histograms = std::make_shared<const std::vector<vq::SiteHistogram>>(std::move(histograms));
  };
}

JobRunner::Work sensitivityJob(std::shared_ptr<const StudioRun> run, const QString& data, int images,
                               std::shared_ptr<std::shared_ptr<const vq::SensitivityReport>> out) {
  return [run, data, images, out](const vq::ProgressFn& progress, const vq::CancelToken& cancel) {
    const auto dataset = vq::openDataset(str(data));
    auto report = vq::analyzeSensitivity(run->model->loaded, *dataset, images, progress, cancel);
    *out = std::make_shared<const vq::SensitivityReport>(std::move(report));
  };
}

JobRunner::Work inferenceJob(std::shared_ptr<const vq::LoadedModel> fp, std::shared_ptr<const StudioRun> run, InferenceInput input,
                             std::shared_ptr<std::shared_ptr<const vq::PredictionComparison>> out) {
  return [fp, run, input, out](const vq::ProgressFn& progress, const vq::CancelToken& cancel) {
    std::vector<vq::AnsweringModel> models = {{"float", fp->model.get()}};
    if (run) {
      models.push_back({"quantized", &run->model->model()});
      if (run->model->integer) models.push_back({"integer", run->model->integer.get()});
    }
    vq::PredictionComparison result;
    if (!input.files.isEmpty()) {
      std::vector<std::string> files;
      for (const auto& f : input.files) files.push_back(str(f));
      result = vq::compareOnFiles(models, fp->config, files, kTopK, progress, cancel);
    } else if (!input.folder.isEmpty() && hasClassFolders(input.folder)) {
      const auto data = vq::openDataset("folder:" + str(input.folder));
      std::vector<int64_t> all(static_cast<size_t>(data->size()));
      std::iota(all.begin(), all.end(), 0);
      result = vq::compareOnDataset(models, fp->config, *data, all, kTopK, progress, cancel);
    } else if (!input.folder.isEmpty()) {
      result = vq::compareOnFiles(models, fp->config, imagesIn(input.folder), kTopK, progress, cancel);
    } else {
      const auto data = vq::openDataset(str(input.data));
      const auto indices = vq::sampleIndices(*data, input.samples, static_cast<uint64_t>(input.seed));
      result = vq::compareOnDataset(models, fp->config, *data, indices, kTopK, progress, cancel);
    }
    *out = std::make_shared<const vq::PredictionComparison>(std::move(result));
  };
}
