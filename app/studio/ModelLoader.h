#pragma once
// Loads a model on a worker thread and hands the GUI a plain description for the widgets, plus the
// model itself for the window's jobs. Errors come back as a one-line message.
#include <QFuture>
#include <QJsonObject>
#include <QString>

#include <memory>

namespace vq {
struct LoadedModel;
}

struct ModelLoadResult {
  QString spec;
  QJsonObject description;  // empty on error
  QString error;            // "" on success
  std::shared_ptr<vq::LoadedModel> model;
};

QFuture<ModelLoadResult> loadModelAsync(const QString& spec);
QStringList builtinModels();
