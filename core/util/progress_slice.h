#pragma once
// Maps a sub-range [lo, hi] of a job's progress to one of its phases.
#include "core/util/progress.h"

namespace vq {

inline ProgressFn progressSlice(const ProgressFn& progress, double lo, double hi) {
  if (!progress) return {};
  return [progress, lo, hi](double f, const std::string& phase) { progress(lo + (hi - lo) * f, phase); };
}

}  // namespace vq
