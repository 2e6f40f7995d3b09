#pragma once
// Runs f and describes how it failed: the vq::Error(Input) message, "wrong kind: ..." for another
// error kind, or "no error" — so a test can check both that it failed and what the message names.
#include "core/util/error.h"

#include <QString>

#include <functional>

inline QString expectInputError(const std::function<void()>& f) {
  try {
    f();
  } catch (const vq::Error& e) {
    if (e.kind() != vq::ErrorKind::Input) return "wrong kind: " + QString(e.what());
    return QString::fromStdString(e.what());
  }
  return "no error";
}
