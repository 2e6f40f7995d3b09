#include "core/quant/reconstruction.h"

#include "core/data/preprocess.h"

#include <torch/torch.h>

#include <chrono>
#include <cmath>

namespace vq {
namespace {

struct StopForward {};

// Catches one unit's input or output, then stops the forward pass: later units are not needed.
class UnitCapture : public UnitObserver {
public:
  UnitCapture(size_t index, bool output) : index_(index), output_(output) {}
  void beforeUnit(size_t index, const torch::Tensor& x) override {
    if (!output_ && index == index_) finish(x);
  }
  void afterUnit(size_t index, const torch::Tensor& y) override {
    if (output_ && index == index_) finish(y);
  }
  torch::Tensor captured;

private:
  void finish(const torch::Tensor& t) {
    captured = t.detach().clone();
    throw StopForward{};
  }
  size_t index_;
  bool output_;
};

bool underPath(const std::string& module, const std::string& path) {
  return module == path || module.rfind(path + ".", 0) == 0;
}

torch::Tensor reconstructionLoss(const torch::Tensor& out, const torch::Tensor& target) {
  return (out - target).pow(2).sum(1).mean();
}

torch::Tensor runGroup(VisionModel& model, const UnitGroup& g, torch::Tensor x) {
  for (size_t u = g.first; u <= g.last; ++u) x = model.forwardUnit(u, x);
  return x;
}

double evalLoss(VisionModel& model, const UnitGroup& g, const torch::Tensor& in, const torch::Tensor& target) {
  torch::NoGradGuard noGrad;
  const int64_t n = std::min<int64_t>(in.size(0), 256);
  return reconstructionLoss(runGroup(model, g, in.narrow(0, 0, n)), target.narrow(0, 0, n)).item<double>();
}

std::string groupName(const VisionModel& model, const UnitGroup& g) {
  std::string name;
  for (size_t u = g.first; u <= g.last; ++u) name += (name.empty() ? "" : "+") + model.units()[u].path;
  return name;
}

// Keeps the model's own parameters out of the optimisation (only rounding and steps learn).
class FrozenParameters {
public:
  explicit FrozenParameters(VisionModel& model) {
    for (auto& p : model.parameters()) {
      if (p.requires_grad()) frozen_.push_back(p);
      p.requires_grad_(false);
    }
  }
  ~FrozenParameters() {
    for (auto& p : frozen_) p.requires_grad_(true);
  }

private:
  std::vector<torch::Tensor> frozen_;
};

void setLearningRate(torch::optim::Adam& opt, double lr) {
  for (auto& group : opt.param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
}

// The weights and biases (and Swin's relative-position tables) of a group's units; norms keep theirs.
std::vector<torch::Tensor> trainableWeights(VisionModel& model, const UnitGroup& g) {
  std::vector<torch::Tensor> params;
  for (const auto& p : model.named_parameters(true)) {
    const auto& name = p.key();
    bool inside = false;
    for (size_t u = g.first; u <= g.last; ++u) inside = inside || underPath(name, model.units()[u].path);
    const bool norm = name.find("norm") != std::string::npos || name.find(".bn.") != std::string::npos;
    if (inside && !norm) params.push_back(p.value());
  }
  return params;
}

}  // namespace

std::vector<UnitGroup> singleUnitGroups(const VisionModel& model) {
  std::vector<UnitGroup> groups;
  for (size_t i = 0; i < model.units().size(); ++i) groups.push_back({i, i});
  return groups;
}

std::vector<int> groupSites(const VisionModel& model, const UnitGroup& group) {
  std::vector<int> ids;
  for (const auto& s : model.sites().sites())
    for (size_t u = group.first; u <= group.last; ++u)
      if (underPath(s.module, model.units()[u].path)) {
        ids.push_back(s.id);
        break;
      }
  return ids;
}

torch::Tensor captureUnit(VisionModel& model, size_t index, bool output, const torch::Tensor& images, int64_t batchSize) {
  c10::InferenceMode inference;
  UnitCapture capture(index, output);
  model.setUnitObserver(&capture);
  std::vector<torch::Tensor> parts;
  try {
    for (int64_t first = 0; first < images.size(0); first += batchSize) {
      try {
        model.forward(images.narrow(0, first, std::min(batchSize, images.size(0) - first)));
      } catch (const StopForward&) {
      }
      assert(capture.captured.defined());
      parts.push_back(capture.captured);
      capture.captured = torch::Tensor();
    }
  } catch (...) {
    model.setUnitObserver(nullptr);
    throw;
  }
  model.setUnitObserver(nullptr);
  // Leave inference mode: reconstruction differentiates through these as plain tensors.
  torch::Tensor all;
  {
    c10::InferenceMode off(false);
    all = torch::cat(parts, 0).clone();
  }
  return all;
}

std::vector<double> unitOutputLosses(const LoadedModel& fp, QuantizedModel& qm, const torch::Tensor& images) {
  constexpr int64_t kImages = 256;
  const auto sample = images.narrow(0, 0, std::min<int64_t>(images.size(0), kImages));
  std::vector<double> losses;
  torch::NoGradGuard noGrad;
  for (size_t u = 0; u < qm.model().units().size(); ++u) {
    const auto out = captureUnit(qm.model(), u, true, sample, 128);
    const auto target = captureUnit(*fp.model, u, true, sample, 128);
    const double energy = reconstructionLoss(torch::zeros_like(target), target).item<double>();
    losses.push_back(reconstructionLoss(out, target).item<double>() / std::max(energy, 1e-30));
  }
  return losses;
}

std::vector<UnitReport> reconstruct(const LoadedModel& fp, QuantizedModel& qm, const torch::Tensor& images,
                                    const std::vector<UnitGroup>& groups, const ReconstructionOptions& o,
                                    const ProgressFn& progress, const CancelToken& cancel) {
  auto& model = qm.model();
  FrozenParameters frozen(model);
  auto gen = makeGenerator(o.seed);
  std::vector<UnitReport> reports;
  const int64_t captureBatch = 128;
  for (size_t gi = 0; gi < groups.size(); ++gi) {
    throwIfCancelled(cancel);
    const auto& g = groups[gi];
    for (size_t u = g.first + 1; u <= g.last; ++u) assert(model.units()[u].chained);
    const auto start = std::chrono::steady_clock::now();
    UnitReport report;
    report.path = groupName(model, g);
    const auto phase = "reconstructing " + report.path + " (" + std::to_string(gi + 1) + "/" + std::to_string(groups.size()) + ")";
    if (progress) progress(static_cast<double>(gi) / static_cast<double>(groups.size()), phase);

    const auto input = captureUnit(o.floatInputs ? *fp.model : model, g.first, false, images, captureBatch);
    const auto target = captureUnit(*fp.model, g.last, true, images, captureBatch);
    const bool drop = o.quantizedInputProb < 1.0 && !o.floatInputs;
    const auto floatInput = drop ? captureUnit(*fp.model, g.first, false, images, captureBatch) : torch::Tensor();
    report.lossBefore = evalLoss(model, g, input, target);

    // Swap in learnable quantizers for this group's sites.
    std::vector<std::pair<int, std::shared_ptr<AdaRoundQuantizer>>> rounding;
    std::vector<std::shared_ptr<StaticQuantizer>> steps;
    std::vector<torch::Tensor> roundParams, stepParams;
    for (int id : groupSites(model, g)) {
      const auto& site = model.sites().sites()[static_cast<size_t>(id)];
      auto current = std::dynamic_pointer_cast<StaticQuantizer>(qm.quantizers->get(id));
      if (!current || current->spec().scheme == QuantScheme::Log2) continue;
      if (site.kind == SiteKind::Weight) {
        if (o.weights != WeightLearning::AdaRound) continue;
        auto ada = std::make_shared<AdaRoundQuantizer>(siteWeight(model, site), current->params());
        qm.quantizers->set(id, ada);
        rounding.emplace_back(id, ada);
        for (auto& t : ada->trainable()) roundParams.push_back(t);
      } else if (o.learnSteps) {
        current->learnStep();
        steps.push_back(current);
        for (auto& t : current->trainable()) stepParams.push_back(t);
      }
    }

    std::vector<torch::Tensor> weightParams;
    if (o.weights == WeightLearning::Train) weightParams = trainableWeights(model, g);
    for (auto& w : weightParams) w.requires_grad_(true);

    if (!roundParams.empty() || !stepParams.empty() || !weightParams.empty()) {
      std::unique_ptr<torch::optim::Adam> roundOpt, stepOpt, weightOpt;
      if (!roundParams.empty()) roundOpt = std::make_unique<torch::optim::Adam>(roundParams, torch::optim::AdamOptions(o.roundLr));
      if (!stepParams.empty()) stepOpt = std::make_unique<torch::optim::Adam>(stepParams, torch::optim::AdamOptions(o.stepLr));
      if (!weightParams.empty()) weightOpt = std::make_unique<torch::optim::Adam>(weightParams, torch::optim::AdamOptions(o.weightLr));
      // A joint group of k units gets k times the steps when asked: the same total budget as one unit at a time.
      const int64_t iters = o.itersPerMember ? o.iters * static_cast<int64_t>(g.last - g.first + 1) : o.iters;
      const int64_t warm = static_cast<int64_t>(o.warmup * static_cast<double>(iters));
      const int64_t every = std::max<int64_t>(1, iters / 50);
      const int64_t n = input.size(0);
      for (int64_t it = 0; it < iters; ++it) {
        if (it % 16 == 0) throwIfCancelled(cancel);
        const auto idx = torch::randperm(n, gen, torch::kLong).narrow(0, 0, std::min(o.batchSize, n));
        auto x = input.index_select(0, idx);
        if (drop) {
          const auto keep = torch::rand(x.sizes(), gen) < o.quantizedInputProb;
          x = torch::where(keep, x, floatInput.index_select(0, idx));
        }
        auto loss = reconstructionLoss(runGroup(model, g, x), target.index_select(0, idx));
        const double rec = loss.item<double>();
        if (it >= warm && !rounding.empty()) {
          const double t = static_cast<double>(it - warm) / static_cast<double>(std::max<int64_t>(1, iters - warm));
          const double beta = o.betaEnd + (o.betaStart - o.betaEnd) * std::max(0.0, 1.0 - t);
          torch::Tensor reg = torch::zeros({});
          for (auto& [id, ada] : rounding) reg = reg + ada->roundingLoss(beta);
          loss = loss + o.roundWeight * reg;
        }
        for (auto* opt : {roundOpt.get(), stepOpt.get(), weightOpt.get()})
          if (opt) opt->zero_grad();
        loss.backward();
        if (roundOpt) roundOpt->step();
        const double cosine = 0.5 * (1.0 + std::cos(M_PI * static_cast<double>(it + 1) / static_cast<double>(iters)));
        if (stepOpt) {
          setLearningRate(*stepOpt, o.stepLr * cosine);
          stepOpt->step();
        }
        if (weightOpt) {
          setLearningRate(*weightOpt, o.weightLr * cosine);
          weightOpt->step();
        }
        if (it % every == 0) report.lossCurve.push_back(rec);
        if (progress && it % 25 == 0)
          progress((static_cast<double>(gi) + static_cast<double>(it) / static_cast<double>(iters)) / static_cast<double>(groups.size()), phase);
      }
    }

    // Harden: rounding decisions become the weights, steps freeze.
    for (auto& [id, ada] : rounding) {
      const auto& site = model.sites().sites()[static_cast<size_t>(id)];
      {
        torch::NoGradGuard noGrad;
        siteWeight(model, site).copy_(ada->hardenedWeight());
      }
      qm.quantizers->set(id, std::make_shared<StaticQuantizer>(ada->params()));
    }
    for (auto& s : steps) s->freeze();
    for (auto& w : weightParams) w.requires_grad_(false);
    report.lossAfter = evalLoss(model, g, input, target);
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    reports.push_back(std::move(report));
  }
  if (progress) progress(1.0, "reconstruction done");
  return reports;
}

}  // namespace vq
