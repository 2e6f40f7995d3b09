#include "app/studio/ModelLoader.h"

#include "core/model/summary.h"
#include "core/quant/quant_model.h"
#include "core/util/error.h"

#include <QtConcurrent/QtConcurrent>

QFuture<ModelLoadResult> loadModelAsync(const QString& spec) {
  return QtConcurrent::run([spec]() {
    ModelLoadResult result;
    result.spec = spec;
    try {
      c10::InferenceMode inference;  // per thread: set inside the worker
      auto loaded = std::make_shared<vq::LoadedModel>(vq::openModel(spec.toStdString()));
      result.outline = std::make_shared<const vq::ModelOutline>(vq::outlineModel(*loaded));
      result.model = std::move(loaded);
    } catch (const vq::Error& e) {
      result.error = QString::fromStdString(e.what());
    } catch (const c10::Error& e) {
      result.error = QString::fromStdString(e.what_without_backtrace()).section('\n', 0, 0);
    } catch (const std::exception& e) {
      result.error = QString::fromStdString(e.what());
    }
    return result;
  });
}

QStringList builtinModels() {
  QStringList names;
  for (const auto& n : vq::builtinModelNames()) names << "builtin:" + QString::fromStdString(n);
  return names;
}
