#include "app/studio/ModelLoader.h"

#include "core/model/summary.h"
#include "core/quant/quant_model.h"
#include "core/util/error.h"

#include <QJsonDocument>
#include <QtConcurrent/QtConcurrent>

QFuture<ModelLoadResult> loadModelAsync(const QString& spec) {
  return QtConcurrent::run([spec]() {
    ModelLoadResult result;
    result.spec = spec;
    try {
      c10::InferenceMode inference;  // per thread: set inside the worker
      auto loaded = std::make_shared<vq::LoadedModel>(vq::openModel(spec.toStdString()));
      const auto text = vq::describeModel(*loaded).dump();
      result.model = std::move(loaded);
      result.description = QJsonDocument::fromJson(QByteArray::fromStdString(text)).object();
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
