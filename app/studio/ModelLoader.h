#pragma once
// Loads a model on a worker thread and hands the GUI its outline for the widgets, plus the
// model itself for the window's jobs. Errors come back as a one-line message.
#include <QFuture>
#include <QString>

#include <memory>

namespace vq {
struct LoadedModel;
struct ModelOutline;
}  // namespace vq

struct ModelLoadResult {
  QString spec;
  std::shared_ptr<const vq::ModelOutline> outline;  // null on error
  QString error;            // "" on success
  std::shared_ptr<vq::LoadedModel> model;
};

QFuture<ModelLoadResult> loadModelAsync(const QString& spec);
QStringList builtinModels();
