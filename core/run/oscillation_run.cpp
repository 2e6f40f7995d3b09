#include "core/run/oscillation_run.h"

#include "core/util/error.h"

namespace vq {

QuantizeRun runOscillation(QuantizeRequest request, const ProgressFn& progress, const CancelToken& cancel) {
  request.method = "modcap";
  request.evaluate = false;
  request.options.emplace("iters", "2000");
  if (request.options.count("capacity") && request.options["capacity"] != "data-dependent")
    usageError("analyze oscillation compares with plain BRECQ, which needs capacity=data-dependent");
  return runQuantize(request, progress, cancel);
}

}  // namespace vq
