#pragma once
// The quantization methods `vitquant quantize --method NAME` runs. Each reads its options (with the
// defaults that meet its issue's acceptance), checks them before any long work, and returns a
// quantized copy of the float model plus a report of its own numbers.
#include "core/methods/method_options.h"
#include "core/methods/method_report.h"
#include "core/quant/quant_model.h"
#include "core/util/progress.h"

#include <functional>
#include <string>
#include <vector>

namespace vq {

struct MethodContext {
  const LoadedModel& fp;
  const torch::Tensor& calibImages;  // preprocessed [N,C,H,W]
  int wbits = 8, abits = 8;
  uint64_t seed = 0;
  MethodOptions& options;
  ProgressFn progress;
  CancelToken cancel;
  std::string trainData;      // the training split of the run's data set ("" when it has none); QAT learns on it
  std::string checkpointDir;  // the --save folder ("" when not saving): QAT keeps its best finished epoch there
};

struct MethodOutcome {
  QuantizedModel model;
  MethodReport report = EmptyReport{};  // the method's own numbers (per-unit losses, …)
};

struct QuantMethod {
  std::string name;
  std::string summary;
  std::function<MethodOutcome(MethodContext&)> run;
};

const std::vector<QuantMethod>& quantMethods();
// Throws vq::Error(Usage) listing the known methods.
const QuantMethod& methodByName(const std::string& name);

// The options `method` reads for this model and these bit widths, with their defaults and help, in the
// order it reads them. Runs the method only up to its MethodOptions::finish() (no calibration work).
std::vector<OptionSpec> describeOptions(const QuantMethod& method, const LoadedModel& fp, int wbits, int abits);
// Throws vq::Error(Usage) naming the key when `given` holds an option the method does not read at these bit
// widths or a value it would refuse; no calibration work.
void checkOptions(const QuantMethod& method, const LoadedModel& fp, int wbits, int abits, const std::map<std::string, std::string>& given);

// Registered by their files (one method per file).
QuantMethod minmaxMethod();
QuantMethod percentileMethod();
QuantMethod brecqMethod();
QuantMethod isvitMethod();
QuantMethod ivitMethod();
QuantMethod modcapMethod();
QuantMethod qhyvitMethod();
QuantMethod qvitMethod();

}  // namespace vq
