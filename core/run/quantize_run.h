#pragma once
// One `vitquant quantize` run, shared by the CLI and the studio: calibrate with a method on N images,
// then measure float and quantized accuracy on the same evaluation images in the same run.
#include "core/data/calibration_sample.h"
#include "core/quant/quant_model.h"
#include "core/run/run_summary.h"
#include "core/util/progress.h"

#include <map>
#include <string>

namespace vq {

struct QuantizeRequest {
  std::string model;
  std::string method = "minmax";
  std::string data = "fashion-mnist";  // evaluation set; calibration uses its train split when it has one
  int wbits = 8, abits = 8;
  int64_t calib = 1024;
  int64_t evalLimit = -1;  // -1: the whole evaluation set
  uint64_t seed = 0;
  std::map<std::string, std::string> options;  // --set KEY=VALUE
  std::string saveDir;                         // empty: do not save
  bool evaluate = true;                        // false: quantize only (analyses that measure on their own)
};

struct QuantizeRun {
  RunSummary summary;  // what --json prints
  QuantizedModel model;
};

// Throws vq::Error (Usage for bad options/bits/method, Input for bad files) before any long work where it can,
// vq::Cancelled when cancelled (nothing is saved then).
QuantizeRun runQuantize(const QuantizeRequest& request, const ProgressFn& progress = {}, const CancelToken& cancel = {});

}  // namespace vq
