// vitquant analyze sensitivity --model MODEL (--quant DIR | --method M --wbits W --abits A [--set K=V …])
//                              [--data DATA] [--limit N] [--calib N] [--seed S] [--json]
// vitquant analyze histograms  --model MODEL [--quant DIR | --method …] [--data DATA] [--images N]
//                              [--bins B] [--sites TEXT] [--csv] [--json]
// vitquant analyze fit         --model MODEL --site NAME [--bits B] [--images N] [--json]
// vitquant analyze landscape   --model MODEL --block I --granularity layer|channel [--grid N] [--2d]
//                              [--bits B] [--radius R] [--images N] [--json]
// vitquant analyze oscillation --model MODEL --wbits W --abits A [--calib N] [--set K=V …] [--json]
// vitquant analyze entropy     (cmd_analyze_entropy.cpp)
// The data behind the studio's analysis views.
#include "app/cli/command.h"
#include "core/analysis/analysis_requests.h"
#include "core/analysis/sensitivity.h"
#include "core/methods/method_options.h"
#include "core/run/oscillation_run.h"
#include "core/util/error.h"

#include <cstdio>
#include <iostream>
#include <memory>

namespace vq::cli {
namespace {

// Where the quantized model comes from: a saved folder, or a method run here (no evaluation).
struct QuantSource {
  std::string model, quant, method, data = "fashion-mnist";
  int wbits = 8, abits = 8;
  int64_t calib = 1024;
  uint64_t seed = 0;
  std::vector<std::string> sets;

  void addOptions(CLI::App* cmd, bool required) {
    cmd->add_option("--model", model, "the float model (builtin:<name> | a model folder)");
    cmd->add_option("--quant", quant, "a quantized model folder (from quantize --save)");
    cmd->add_option("--method", method, "quantize here with this method instead");
    cmd->add_option("--wbits", wbits, "weight bits for --method")->capture_default_str();
    cmd->add_option("--abits", abits, "activation bits for --method")->capture_default_str();
    cmd->add_option("--calib", calib, "calibration images for --method")->capture_default_str();
    cmd->add_option("--seed", seed, "seed")->capture_default_str();
    cmd->add_option("--set", sets, "method option KEY=VALUE (repeatable)");
    cmd->add_option("--data", data, "fashion-mnist | idx:<dir> | folder:<dir>")->capture_default_str();
    required_ = required;
  }

  // A float model (no source given and not required), a saved folder, or a fresh method result.
  LoadedModel open(const ProgressFn& progress) const {
    if (!quant.empty() && !method.empty()) usageError("give either --quant or --method, not both");
    if (!quant.empty()) {
      auto loaded = openModel(quant);
      if (loaded.quant.is_null()) inputError(quant, "has no quant.json (not a quantized model folder)");
      return loaded;
    }
    if (model.empty()) usageError("--model is required (or --quant DIR)");
    if (method.empty()) {
      if (required_) usageError("give --quant DIR or --method METHOD");
      return openModel(model);
    }
    QuantizeRequest r;
    r.model = model;
    r.method = method;
    r.data = data;
    r.wbits = wbits;
    r.abits = abits;
    r.calib = calib;
    r.seed = seed;
    r.options = parseKeyValues(sets);
    r.evaluate = false;
    return runQuantize(r, progress).model.loaded;
  }

private:
  bool required_ = true;
};

struct SensitivityOptions {
  CommonOptions common;
  QuantSource source;
  SensitivityRequest request;
};

void runSensitivity(SensitivityOptions& o) {
  const auto progress = progressFor(o.common);
  const auto quantized = o.source.open(progress);
  auto& r = o.request;
  r.data = o.source.data;
  r.seed = o.source.seed;
  r.overflowBits = quantized.quant.is_object() ? quantized.quant.value("abits", 8) : o.source.abits;  // saved folder, or --method here
  const auto analysis = vq::runSensitivity(quantized, r, progress);
  const auto& report = analysis.report;
  const auto& overflow = analysis.overflow;
  const int abits = r.overflowBits;
  if (progress) endProgress();
  if (o.common.json) {
    auto j = toJson(report);
    j["model"] = o.source.quant.empty() ? o.source.model : o.source.quant;
    j["data"] = analysis.dataSpec;
    if (analysis.checkedOverflow) j["zero_point_overflow"] = toJson(overflow, abits);
    printJson(j);
    return;
  }
  std::printf("top1 on %lld images: FP %.4f, all quantized %.4f\n", static_cast<long long>(report.n), report.fpTop1, report.quantTop1);
  std::printf("%-44s %-15s %9s %9s %9s\n", "site (quantized alone)", "kind", "SQNR dB", "logit dB", "top1 drop");
  for (const auto& s : report.sites)
    std::printf("%-44s %-15s %9.2f %9.2f %9.4f\n", s.site.c_str(), s.kind.c_str(), s.sqnrDb, s.logitsSqnrDb, s.top1Drop);
  if (!analysis.checkedOverflow) return;
  std::printf("\nzero-point overflow (asymmetric, signed %d-bit codes, per channel):\n", abits);
  std::printf("%-44s %9s %9s %11s\n", "site", "channels", "clamped", "worst codes");
  int shown = 0;
  for (const auto& z : overflow)
    if (z.clamped > 0 && shown++ < 20)
      std::printf("%-44s %9lld %9lld %11.0f\n", z.site.c_str(), static_cast<long long>(z.channels), static_cast<long long>(z.clamped), z.worstCodes);
  if (shown == 0) std::printf("none\n");
}

struct HistogramCliOptions {
  CommonOptions common;
  QuantSource source;
  HistogramRequest request;
  bool csv = false;
};

void runHistograms(HistogramCliOptions& o) {
  if (o.csv && o.common.json) usageError("--csv and --json are exclusive");
  const auto progress = progressFor(o.common);
  const auto loaded = o.source.open(progress);
  o.request.data = o.source.data;
  o.request.options.seed = o.source.seed;
  const auto hs = vq::runHistograms(loaded, o.request, progress);
  if (progress) endProgress();
  if (o.csv) {
    std::cout << toCsv(hs);
  } else if (o.common.json) {
    printJson(toJson(hs));
  } else {
    std::printf("%-44s %-15s %12s %12s  %s\n", "site", "kind", "min", "max", "quantizer (clip range)");
    for (const auto& h : hs)
      std::printf("%-44s %-15s %12.5g %12.5g  %s%s\n", h.site.c_str(), h.kind.c_str(), h.min, h.max, h.quantizer.c_str(),
                  h.levels.empty() ? "" : (" [" + std::to_string(h.clipLow) + ", " + std::to_string(h.clipHigh) + "]").c_str());
  }
}

struct FitCliOptions {
  CommonOptions common;
  QuantSource source;
  FitRequest request;
  int bits = 3;
};

void runFit(FitCliOptions& o) {
  const auto progress = progressFor(o.common);
  const auto loaded = o.source.open(progress);
  o.request.data = o.source.data;
  o.request.seed = o.source.seed;
  const auto fit = vq::runFit(loaded, o.request, progress);
  if (progress) endProgress();
  if (o.common.json) {
    auto j = toJson(fit);
    j["bits"] = o.bits;
    printJson(j);
    return;
  }
  std::printf("%s: %lld values in [%.3g, %.3g], %lld exact zeros\n", fit.site.c_str(), static_cast<long long>(fit.sampled), fit.min, fit.max,
              static_cast<long long>(fit.zeros));
  std::printf("%-8s %5s %12s %14s\n", "quantizer", "bits", "MSE", "on floor level");
  for (const auto& c : fit.curves)
    if (c.bits == o.bits) std::printf("%-8s %5d %12.4e %13.1f%%\n", c.quantizer.c_str(), c.bits, c.mse, 100.0 * c.floorFraction);
}

struct LandscapeCliOptions {
  CommonOptions common;
  std::string model, granularity = "layer";
  LandscapeRequest request;
};

void runLandscape(LandscapeCliOptions& o) {
  if (o.granularity != "layer" && o.granularity != "channel") usageError("--granularity must be layer or channel");
  const auto progress = progressFor(o.common);
  const auto fp = openModel(o.model);
  o.request.options.channelWise = o.granularity == "channel";
  const auto l = vq::runLandscape(fp, o.request, progress);
  const auto& options = o.request.options;
  if (progress) endProgress();
  if (o.common.json) {
    auto j = toJson(l);
    j["model"] = o.model;
    j["granularity"] = o.granularity;
    j["bits"] = options.bits;
    j["images"] = l.images;
    printJson(j);
    return;
  }
  std::printf("%s, %s-wise %d-bit post-LayerNorm steps: FP loss %.4f, calibrated %.4f (%.1f s)\n", l.block.c_str(), o.granularity.c_str(),
              options.bits, l.fpLoss, l.centerLoss, l.seconds);
  for (size_t i = 0; i < l.axis.size() && !options.twoD; ++i) std::printf("  alpha %+6.3f  loss %.4f\n", l.axis[i], l.loss[0][i]);
}

struct OscillationCliOptions {
  CommonOptions common;
  QuantizeRequest request;
  std::vector<std::string> sets;
};

// The loss along depth after plain BRECQ and after modcap's merged reconstruction (one modcap run with
// data-dependent capacity holds both), with capacities, differentials and the merges chosen.
void runOscillation(OscillationCliOptions& o) {
  o.request.options = parseKeyValues(o.sets);
  const auto progress = progressFor(o.common);
  const auto run = vq::runOscillation(o.request, progress);
  if (progress) endProgress();
  // modcap's report as it stands in run.json, with each unit's name beside it.
  const auto& report = std::get<ModcapReport>(run.summary.report);
  const auto r = toJson(run.summary.report);
  nlohmann::json units = nlohmann::json::array();
  for (const auto& c : report.capacity) units.push_back(c.unit);
  const nlohmann::json j = {{"model", o.request.model},       {"wbits", o.request.wbits},         {"abits", o.request.abits},
                            {"units", units},                 {"capacity", r["capacity"]},        {"differentials", r["differentials"]},
                            {"merged", r["merged"]},          {"brecq", r["brecq_depth"]},         {"modcap", r["depth"]},
                            {"options", toJson(run.summary.options)}, {"seconds", run.summary.seconds}};
  if (o.common.json) {
    printJson(j);
    return;
  }
  std::printf("%s W%dA%d: merged %s\n", o.request.model.c_str(), o.request.wbits, o.request.abits, j["merged"].dump().c_str());
  std::printf("%-28s %14s %14s\n", "unit", "brecq loss", "modcap loss");
  for (size_t u = 0; u < units.size(); ++u)
    std::printf("%-28s %14.6g %14.6g\n", units[u].get<std::string>().c_str(), j["brecq"]["loss"][u].get<double>(), j["modcap"]["loss"][u].get<double>());
  std::printf("oscillation index: brecq %.6g, modcap %.6g\n", j["brecq"]["oscillation_index"].get<double>(), j["modcap"]["oscillation_index"].get<double>());
}

}  // namespace

void registerAnalyze(CLI::App& app) {
  auto* analyze = app.add_subcommand("analyze", "Analyses behind the studio views: sensitivity, histograms, fit, landscape, oscillation, entropy");
  analyze->require_subcommand(1);

  auto sens = std::make_shared<SensitivityOptions>();
  auto* s = analyze->add_subcommand("sensitivity", "Per site: error and top-1 drop when only that site is quantized");
  sens->source.addOptions(s, true);
  s->add_option("--limit", sens->request.limit, "evaluation images")->check(CLI::Range(int64_t{1}, int64_t{1} << 40))->capture_default_str();
  addCommonOptions(s, sens->common);
  s->callback([sens] {
    applyThreads(sens->common);
    runSensitivity(*sens);
  });

  auto hist = std::make_shared<HistogramCliOptions>();
  auto* h = analyze->add_subcommand("histograms", "Per site: histogram of float values with the quantizer's levels");
  hist->source.addOptions(h, false);
  h->add_option("--images", hist->request.images, "calibration images to collect values from")->check(CLI::Range(int64_t{1}, int64_t{100000}))->capture_default_str();
  h->add_option("--bins", hist->request.options.bins, "bins per histogram")->check(CLI::Range(2, 4096))->capture_default_str();
  h->add_option("--sites", hist->request.options.match, "only sites whose name contains this text");
  h->add_flag("--csv", hist->csv, "print CSV (site,kind,bin_low,bin_high,count) instead of text");
  addCommonOptions(h, hist->common);
  h->callback([hist] {
    applyThreads(hist->common);
    runHistograms(*hist);
  });

  auto fit = std::make_shared<FitCliOptions>();
  auto* f = analyze->add_subcommand("fit", "Uniform vs log2 vs SULQ on a post-Softmax site: levels, error, values on the floor level");
  fit->source.addOptions(f, false);
  f->add_option("--site", fit->request.site, "a post-Softmax site, e.g. blocks.0.attn.softmax.output")->required();
  f->add_option("--bits", fit->bits, "bit width the text summary shows (JSON has 2..8)")->check(CLI::Range(2, 8))->capture_default_str();
  f->add_option("--images", fit->request.images, "calibration images to collect values from")->check(CLI::Range(int64_t{1}, int64_t{100000}))->capture_default_str();
  addCommonOptions(f, fit->common);
  f->callback([fit] {
    applyThreads(fit->common);
    runFit(*fit);
  });

  auto land = std::make_shared<LandscapeCliOptions>();
  auto* l = analyze->add_subcommand("landscape", "Task loss as one block's post-LayerNorm steps move along random directions");
  l->add_option("--model", land->model, "the float model")->required();
  l->add_option("--block", land->request.options.block, "transformer block index")->capture_default_str();
  l->add_option("--granularity", land->granularity, "layer | channel")->capture_default_str();
  l->add_option("--grid", land->request.options.grid, "points per axis")->check(CLI::Range(2, 201))->capture_default_str();
  l->add_flag("--2d", land->request.options.twoD, "sweep two directions (grid × grid)");
  l->add_option("--bits", land->request.options.bits, "activation bits")->check(CLI::Range(2, 8))->capture_default_str();
  l->add_option("--radius", land->request.options.radius, "relative step perturbation range")->capture_default_str();
  l->add_option("--images", land->request.images, "labelled calibration images")->check(CLI::Range(int64_t{1}, int64_t{100000}))->capture_default_str();
  l->add_option("--seed", land->request.options.seed, "seed for images and directions")->capture_default_str();
  l->add_option("--data", land->request.data, "fashion-mnist | idx:<dir> | folder:<dir>")->capture_default_str();
  addCommonOptions(l, land->common);
  l->callback([land] {
    applyThreads(land->common);
    runLandscape(*land);
  });

  auto osc = std::make_shared<OscillationCliOptions>();
  auto* o = analyze->add_subcommand("oscillation", "Reconstruction loss along depth: plain BRECQ vs modcap's merged units");
  o->add_option("--model", osc->request.model, "the float model")->required();
  o->add_option("--wbits", osc->request.wbits, "weight bits (2..8)")->required();
  o->add_option("--abits", osc->request.abits, "activation bits (2..8)")->required();
  o->add_option("--data", osc->request.data, "calibration data (its train split when it has one)")->capture_default_str();
  o->add_option("--calib", osc->request.calib, "calibration images")->capture_default_str();
  o->add_option("--seed", osc->request.seed, "seed")->capture_default_str();
  o->add_option("--set", osc->sets, "modcap / brecq option KEY=VALUE (repeatable), e.g. topk=3; iters defaults to 2000 here");
  addCommonOptions(o, osc->common);
  o->callback([osc] {
    applyThreads(osc->common);
    runOscillation(*osc);
  });

  registerAnalyzeEntropy(analyze);
}

}  // namespace vq::cli
