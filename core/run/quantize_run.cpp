#include "core/run/quantize_run.h"

#include "core/eval/evaluate.h"
#include "core/integer/isa.h"
#include "core/methods/method.h"
#include "core/util/error.h"
#include "core/util/progress_slice.h"

#include <torch/torch.h>

#include <chrono>
#include <filesystem>

namespace vq {
namespace {

void checkBits(const char* what, int bits) {
  if (bits < 2 || bits > 8) usageError(std::string(what) + " must be 2..8, got " + std::to_string(bits));
}

// Refuses a --save target that cannot become a model folder, before the long work starts.
void checkSaveTarget(const std::string& dir) {
  if (dir.empty()) return;
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) inputError(dir, "exists and is not a folder");
  const auto parent = fs::absolute(dir, ec).parent_path();
  if (!fs::is_directory(parent, ec)) inputError(dir, "its parent folder does not exist");
}

}  // namespace

QuantizeRun runQuantize(const QuantizeRequest& r, const ProgressFn& progress, const CancelToken& cancel) {
  const auto start = std::chrono::steady_clock::now();
  checkBits("--wbits", r.wbits);
  checkBits("--abits", r.abits);
  if (r.calib < 1) usageError("--calib must be at least 1");
  const auto& method = methodByName(r.method);
  checkSaveTarget(r.saveDir);

  const auto fp = openModel(r.model);
  if (!fp.quant.is_null()) inputError(r.model, "is already quantized (quantize its float model instead)");
  std::error_code ec;
  if (!r.saveDir.empty() && !fp.folder.empty() && std::filesystem::equivalent(r.saveDir, fp.folder, ec))
    usageError("--save " + r.saveDir + " is the float model's own folder; choose another");
  const auto evalData = openDataset(r.data);
  const auto calibSpec = calibrationDataSpec(r.data);
  const auto calibData = calibSpec == r.data ? nullptr : openDataset(calibSpec);
  const Dataset& calibSet = calibData ? *calibData : *evalData;
  const auto images = calibrationImages(calibSet, r.calib, fp.config.pretrained, r.seed);
  fp.model->checkInput(images, calibSet.spec());

  torch::manual_seed(r.seed);
  MethodOptions options(r.options, r.method);
  MethodContext ctx{fp, images, r.wbits, r.abits, r.seed, options, progressSlice(progress, 0.0, 0.8), cancel,
                    calibData ? calibSpec : std::string(), r.saveDir};
  auto outcome = method.run(ctx);
  auto& qm = outcome.model;
  qm.info = {r.method, r.wbits, r.abits, options.resolved(), qm.info.layers};

  EvalOptions eo;
  eo.limit = r.evalLimit;
  EvalResult fpEval, qEval;
  if (r.evaluate) {
    fpEval = evaluate(*fp.model, fp.config.pretrained, *evalData, eo, progressSlice(progress, 0.8, 0.9), cancel);
    qEval = evaluate(qm.inference(), qm.loaded.config.pretrained, *evalData, eo, progressSlice(progress, 0.9, 1.0), cancel);
  }
  if (!r.saveDir.empty()) saveQuantizedModel(r.saveDir, qm);

  RunSummary s;
  s.model = r.model;
  s.method = r.method;
  s.wbits = r.wbits;
  s.abits = r.abits;
  s.calib = images.size(0);
  s.calibData = calibSet.spec();
  s.data = evalData->spec();
  if (r.evaluate) s.accuracy = RunAccuracy{qEval.n, fpEval.top1, fpEval.top5, qEval.top1, qEval.top5};
  s.seed = r.seed;
  // A run repeats bit for bit only with the same seed, thread count and CPU: float reductions are split by
  // thread and the BLAS picks its kernels by instruction set, and reconstruction amplifies the rounding to
  // about a seed's spread. Recording both says which stored runs can be expected to match.
  s.threads = at::get_num_threads();
  s.cpuIsa = isaName(supportedIsas().back());
  s.floatSites = qm.floatSites();
  s.options = optionValuesFromJson(options.resolved(), "the method's options");
  s.report = std::move(outcome.report);
  if (!r.saveDir.empty()) s.saved = r.saveDir;
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return {std::move(s), std::move(qm)};
}

}  // namespace vq
