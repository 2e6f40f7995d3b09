#include "app/studio/StudioJobs.h"

#include "core/analysis/analysis_requests.h"
#include "core/data/dataset.h"
#include "core/eval/compare.h"
#include "core/run/quantize_run.h"
#include "core/run/run_folder.h"
#include "core/util/error.h"
#include "core/util/progress_slice.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>

#include <torch/torch.h>

namespace {

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

// "<root>/20261130-041502-brecq-w4a4", made unique with a counter.
QString newRunFolder(const QString& root, const RunSettings& s) {
  const QString base = QDir(root).filePath(QString("%1-%2-w%3a%4")
                                                .arg(QDateTime::currentDateTime().toString("yyyyMMdd-hhmmss"), s.method)
                                                .arg(s.wbits)
                                                .arg(s.abits));
  QString dir = base;
  for (int i = 2; QFileInfo::exists(dir) || QFileInfo::exists(dir + ".part"); ++i) dir = base + "-" + QString::number(i);
  return dir;
}

}  // namespace

JobRunner::Task<std::shared_ptr<StudioRun>> quantizeJob(const RunSettings& s, const QString& runsRoot) {
  return [s, runsRoot](const vq::ProgressFn& progress, const vq::CancelToken& cancel) {
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
    const auto stage = [&](double lo, double hi) { return vq::progressSlice(progress, lo, hi); };
    auto run = vq::runQuantize(r, stage(0.0, 0.9), cancel);
    auto model = std::make_shared<vq::QuantizedModel>(std::move(run.model));

    auto histograms = vq::runFolderHistograms(*model, r.data, r.seed, stage(0.9, 1.0), cancel);
    vq::throwIfCancelled(cancel);

    if (!QDir().mkpath(runsRoot)) vq::inputError(str(runsRoot), "cannot create the runs folder");
    const QString folder = newRunFolder(runsRoot, s);
    vq::saveRunFolder(str(folder), run.summary, model.get(), histograms, nullptr);
    auto out = std::make_shared<StudioRun>();
    out->folder = folder;
    out->summary = std::make_shared<const vq::RunSummary>(std::move(run.summary));
    out->model = std::move(model);
    out->histograms = std::make_shared<const std::vector<vq::SiteHistogram>>(std::move(histograms));
    return out;
  };
}

JobRunner::Task<std::shared_ptr<const vq::SensitivityReport>> sensitivityJob(std::shared_ptr<const StudioRun> run, const QString& data, int images) {
  return [run, data, images](const vq::ProgressFn& progress, const vq::CancelToken& cancel) {
    if (!run->model) vq::inputError(str(run->folder), "was saved without its model: nothing to analyse");
    vq::SensitivityRequest request;
    request.data = str(data);
    request.limit = images;
    request.overflowImages = 0;  // the view shows the sensitivity table only
    auto report = vq::runSensitivity(run->model->loaded, request, progress, cancel).report;
    if (!run->folder.isEmpty()) vq::saveRunSensitivity(str(run->folder), report);
    return std::make_shared<const vq::SensitivityReport>(std::move(report));
  };
}

JobRunner::Task<std::shared_ptr<StudioRun>> openRunJob(const QString& folder) {
  return [folder](const vq::ProgressFn& progress, const vq::CancelToken&) {
    progress(0.0, "reading " + str(folder));
    auto out = std::make_shared<StudioRun>();
    auto saved = vq::readRunFolder(str(folder));
    if (!saved.modelDir.empty()) {
      progress(0.3, "loading its model");
      out->model = std::make_shared<vq::QuantizedModel>(vq::openQuantizedModel(saved.modelDir));
    }
    out->folder = folder;
    out->summary = std::make_shared<const vq::RunSummary>(std::move(saved.summary));
    out->histograms = std::make_shared<const std::vector<vq::SiteHistogram>>(std::move(saved.histograms));
    if (saved.sensitivity) out->sensitivity = std::make_shared<const vq::SensitivityReport>(std::move(*saved.sensitivity));
    return out;
  };
}

JobRunner::Task<std::shared_ptr<const vq::PredictionComparison>> inferenceJob(std::shared_ptr<const vq::LoadedModel> fp,
                                                                            std::shared_ptr<const StudioRun> run, InferenceInput input) {
  return [fp, run, input](const vq::ProgressFn& progress, const vq::CancelToken& cancel) {
    std::vector<vq::AnsweringModel> models = {{"float", fp->model.get()}};
    if (run && run->model) {
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
    return std::make_shared<const vq::PredictionComparison>(std::move(result));
  };
}
