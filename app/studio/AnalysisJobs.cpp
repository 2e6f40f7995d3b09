#include "app/studio/AnalysisJobs.h"

#include "core/analysis/analysis_requests.h"
#include "core/methods/method.h"
#include "core/quant/quant_model.h"
#include "core/run/run_summary.h"
#include "core/util/error.h"
#include "core/util/progress_slice.h"

#include <QFileInfo>

#include <array>

namespace {

constexpr int kSurfaceGrid = 15;        // 2-D: 225 forward passes of the sample

std::string str(const QString& s) { return s.toStdString(); }

// The run's model, named by its folder in errors.
vq::NamedQuantizedModel measured(const StudioRun& run) {
  if (!run.model) vq::inputError(str(run.folder), "was saved without its model: nothing to measure");
  return {str(run.folder), run.model.get()};
}

}  // namespace

QString runLabel(const StudioRun& run) {
  const auto& s = *run.summary;
  QString label = QString("#%1 %2 W%3A%4").arg(run.id).arg(QString::fromStdString(s.method)).arg(s.wbits).arg(s.abits);
  if (!run.model) return label;
  // Only the options changed from the method's defaults: what tells two runs of a method apart (irm=false …).
  std::vector<vq::OptionSpec> specs;
  try {
    specs = vq::describeOptions(vq::methodByName(s.method), run.model->loaded, s.wbits, s.abits);
  } catch (const std::exception&) {
    return label;  // a method this build does not know: the plain label will do
  }
  QStringList changed;
  for (const auto& spec : specs) {
    const auto it = s.options.find(spec.key);
    if (it == s.options.end()) continue;
    const auto& v = it->second;
    const bool isNumber = std::holds_alternative<int64_t>(v) || std::holds_alternative<double>(v);
    const double value = std::holds_alternative<int64_t>(v) ? static_cast<double>(std::get<int64_t>(v)) : isNumber ? std::get<double>(v) : 0.0;
    bool numeric = false;
    const double fallback = QString::fromStdString(spec.defaultValue).toDouble(&numeric);
    const auto text = vq::optionText(v);
    if ((numeric && isNumber) ? fallback == value : text == spec.defaultValue) continue;
    changed << QString::fromStdString(spec.key + "=" + text);
  }
  if (!changed.isEmpty()) label += " (" + changed.join(", ") + ")";
  return label;
}

JobRunner::Task<std::shared_ptr<const vq::QuantizerFit>> fitJob(std::shared_ptr<const vq::LoadedModel> fp, QString site, QString data, int seed) {
  return [fp, site, data, seed](const vq::ProgressFn& progress, const vq::CancelToken& cancel) {
    vq::FitRequest request;
    request.data = str(data);
    request.site = str(site);
    request.seed = static_cast<uint64_t>(seed);
    return std::make_shared<const vq::QuantizerFit>(vq::runFit(*fp, request, progress, cancel));
  };
}

JobRunner::Task<LandscapePair> landscapeJob(std::shared_ptr<const vq::LoadedModel> fp, LandscapeRequest view, QString data, int seed) {
  return [fp, view, data, seed](const vq::ProgressFn& progress, const vq::CancelToken& cancel) {
    LandscapePair out;
    vq::LandscapeRequest request;
    request.data = str(data);
    auto& o = request.options;
    o.block = view.block;
    o.bits = view.bits;
    o.seed = static_cast<uint64_t>(seed);
    o.twoD = view.twoD;
    if (view.twoD) {
      o.grid = kSurfaceGrid;
      o.channelWise = view.channelWise;
      out[0] = std::make_shared<const vq::Landscape>(vq::runLandscape(*fp, request, progress, cancel));
      return out;
    }
    for (int i = 0; i < 2; ++i) {
      o.channelWise = i == 1;
      out[static_cast<size_t>(i)] =
          std::make_shared<const vq::Landscape>(vq::runLandscape(*fp, request, vq::progressSlice(progress, 0.5 * i, 0.5 * (i + 1)), cancel));
    }
    return out;
  };
}

JobRunner::Task<std::shared_ptr<const vq::EntropyStudy>> entropyJob(std::shared_ptr<const vq::LoadedModel> fp, std::shared_ptr<const StudioRun> run,
                                                                    std::shared_ptr<const StudioRun> compare, EntropyRequest view, QString data) {
  return [fp, run, compare, view, data](const vq::ProgressFn& progress, const vq::CancelToken& cancel) {
    std::vector<vq::NamedQuantizedModel> models = {measured(*run)};
    if (compare) models.push_back(measured(*compare));
    vq::EntropyRequest request;
    request.data = str(data);
    request.images = view.images;
    request.imageFile = str(view.file);
    request.sample = view.file.isEmpty() ? view.sample : -1;
    auto a = vq::runEntropy(*fp, models, request, progress, cancel);
    vq::EntropyStudy study;
    study.runLabel = str(run->label);
    study.fp = std::move(a.fp);
    study.run = std::move(a.quantized[0]);
    if (compare) {
      study.compareLabel = str(compare->label);
      study.compare = std::move(a.quantized[1]);
    }
    study.images = a.images;
    study.imageName = view.file.isEmpty() ? a.imageName : str(QFileInfo(view.file).fileName());
    study.picture = a.picture;
    study.fpMaps = std::move(a.fpMaps);
    study.runMaps = std::move(a.quantizedMaps[0]);
    return std::make_shared<const vq::EntropyStudy>(std::move(study));
  };
}
