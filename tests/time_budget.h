#pragma once
// Wall-clock limits in tests are set for a release build. Instrumented builds (scripts/sanitize.sh) run many
// times slower and set VQ_TEST_TIME_SCALE, so the same tests still check what they check without failing on
// speed alone; a plain ctest run leaves the limits as written.
#include <QtGlobal>

inline qint64 timeBudgetMs(qint64 releaseBuildMs) {
  bool ok = false;
  const int scale = qEnvironmentVariableIntValue("VQ_TEST_TIME_SCALE", &ok);
  return ok && scale > 1 ? releaseBuildMs * scale : releaseBuildMs;
}
