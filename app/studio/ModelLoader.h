#pragma once
// Loads a model on a worker thread and hands the GUI a plain description (no LibTorch types
// cross into the widgets). Errors come back as a one-line message.
#include <QFuture>
#include <QJsonObject>
#include <QString>

struct ModelLoadResult {
  QString spec;
  QJsonObject description;  // empty on error
  QString error;            // "" on success
};

QFuture<ModelLoadResult> loadModelAsync(const QString& spec);
QStringList builtinModels();
