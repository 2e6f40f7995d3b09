#include "app/studio/StudioSession.h"

#include "app/studio/AnalysisJobs.h"

#include <QDir>
#include <QSettings>
#include <QStandardPaths>

StudioSession::StudioSession(QObject* parent) : QObject(parent) {}

StudioSession::~StudioSession() {
  jobs_.cancel();
  jobs_.waitForIdle();
}

void StudioSession::setModel(std::shared_ptr<vq::LoadedModel> model, const QString& spec) {
  model_ = std::move(model);
  modelSpec_ = spec;
}

void StudioSession::addRun(const std::shared_ptr<StudioRun>& run, const QString& labelSuffix) {
  run->id = runCount() + 1;
  run->label = runLabel(*run) + labelSuffix;
  runs_.push_back(run);
  Q_EMIT runAdded(run);
}

std::shared_ptr<StudioRun> StudioSession::run(int id) const {
  for (const auto& r : runs_)
    if (r->id == id) return r;
  return nullptr;
}

std::shared_ptr<StudioRun> StudioSession::currentRun() const {
  if (auto r = run(currentRunId_)) return r;
  return runs_.empty() ? nullptr : runs_.back();
}

void StudioSession::setCurrentRun(int id) {
  currentRunId_ = id;
  if (auto r = currentRun()) Q_EMIT currentRunChanged(r);
}

bool StudioSession::refuseIfBusy(bool needsModel) {
  const QString reason = loading_                 ? tr("A model is loading")
                         : jobs_.isBusy()         ? tr("A job is running")
                         : needsModel && !model_ ? tr("Load a model first")
                                                  : QString();
  if (!reason.isEmpty()) status(reason);
  return !reason.isEmpty();
}

std::shared_ptr<StudioRun> StudioSession::currentRunOrSay() {
  auto run = currentRun();
  if (!run) status(tr("Run a quantization first"));
  return run;
}

QString StudioSession::runsRoot() {
  const QString fallback = QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath("runs");
  return QSettings().value("paths/runs", fallback).toString();
}
