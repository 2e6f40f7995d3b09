#pragma once
// The oscillation analysis (`vitquant analyze oscillation`): one modcap run with data-dependent capacity,
// which holds both plain BRECQ's loss along depth (its capacity probe) and modcap's after its merges.
#include "core/run/quantize_run.h"

namespace vq {

// `request` names the model, bits, data, calibration images, seed and modcap/brecq options; its method and
// evaluation are set here. `iters` defaults to 2000: the curves' shape shows at a tenth of modcap's 20 000-step
// default, in minutes rather than hours. Throws vq::Error(Usage) for capacity=data-free (no BRECQ reference).
// The summary's report is a ModcapReport with its `brecq` probe.
QuantizeRun runOscillation(QuantizeRequest request, const ProgressFn& progress = {}, const CancelToken& cancel = {});

}  // namespace vq
