#include "core/analysis/landscape.h"

#include "core/data/preprocess.h"
#include "core/quant/calibrate.h"
#include "core/quant/reparameterize.h"
#include "core/util/error.h"

#include <torch/torch.h>

#include <chrono>

namespace vq {
namespace {

bool under(const std::string& module, const std::string& path) { return module.rfind(path + ".", 0) == 0; }

}  // namespace

std::vector<std::string> landscapeBlocks(const VisionModel& model) {
  std::vector<std::string> blocks;
  const auto pairs = normLinearPairs(model);
  for (const auto& u : model.units())
    for (const auto& p : pairs)
      if (under(p.linear, u.path)) {
        blocks.push_back(u.path);
        break;
      }
  return blocks;
}

Landscape lossLandscape(const LoadedModel& fp, const torch::Tensor& images, const torch::Tensor& labels, const LandscapeOptions& o,
                        const ProgressFn& progress, const CancelToken& cancel) {
  const auto start = std::chrono::steady_clock::now();
  const auto blocks = landscapeBlocks(*fp.model);
  if (blocks.empty()) usageError(fp.spec + " has no transformer block with a LayerNorm → Linear pair");
  if (o.block < 0 || o.block >= static_cast<int>(blocks.size()))
    usageError("--block must be 0.." + std::to_string(blocks.size() - 1) + " for " + fp.spec);
  if (o.grid < 2 || o.grid > 201) usageError("--grid must be 2..201");
  if (!(o.radius > 0 && o.radius < 1)) usageError("--radius must be in (0, 1)");

  Landscape out;
  out.block = blocks[static_cast<size_t>(o.block)];
  auto qm = makeQuantizedModel(fp);
  std::vector<SitePlan> plan;
  for (const auto& pair : normLinearPairs(*fp.model)) {
    if (!under(pair.linear, out.block)) continue;
    SitePlan p;
    p.site = pair.inputSite;
    p.spec = {QuantScheme::UniformAsymmetric, o.bits, o.channelWise ? Granularity::PerChannel : Granularity::PerTensor, pair.channelAxis};
    p.range = RangeMethod::Percentile;
    plan.push_back(p);
    out.sites.push_back(fp.model->sites().sites()[static_cast<size_t>(p.site)].name);
  }
  CalibrationOptions co;
  co.seed = o.seed;
  calibrate(qm, plan, images, co, {}, cancel);

  auto gen = makeGenerator(o.seed);
  struct Swept {
    std::shared_ptr<StaticQuantizer> q;
    QuantParams base;
    torch::Tensor d1, d2;
  };
  std::vector<Swept> swept;
  for (const auto& p : plan) {
    auto q = std::dynamic_pointer_cast<StaticQuantizer>(qm.quantizers->get(p.site));
    const auto shape = q->params().scale.sizes();
    auto unit = [&] {
      auto d = torch::randn(shape, gen);
      return d / d.pow(2).mean().sqrt().clamp_min(1e-12);
    };
    auto d1 = unit();
    auto d2 = unit();
    swept.push_back({q, q->params(), d1, d2});
  }

  c10::InferenceMode inference;
  const auto loss = [&] { return torch::cross_entropy_loss(qm.model().forward(images), labels).item<double>(); };
  qm.quantizers->enabled = false;
  out.fpLoss = loss();
  qm.quantizers->enabled = true;
  out.centerLoss = loss();
  for (int i = 0; i < o.grid; ++i) out.axis.push_back(-o.radius + 2.0 * o.radius * i / (o.grid - 1));
  const int rows = o.twoD ? o.grid : 1;
  for (int r = 0; r < rows; ++r) {
    std::vector<double> row;
    for (int c = 0; c < o.grid; ++c) {
      throwIfCancelled(cancel);
      const double a = out.axis[static_cast<size_t>(c)], b = o.twoD ? out.axis[static_cast<size_t>(r)] : 0.0;
      for (auto& s : swept) {
        QuantParams p = s.base;
        p.scale = (s.base.scale * (1.0 + a * s.d1 + b * s.d2)).clamp_min(1e-3 * s.base.scale.max().item<double>());
        *s.q = StaticQuantizer(p);
      }
      row.push_back(loss());
      if (progress) progress(static_cast<double>(r * o.grid + c + 1) / static_cast<double>(rows * o.grid), "sweeping " + out.block);
    }
    out.loss.push_back(std::move(row));
  }
  for (auto& s : swept) *s.q = StaticQuantizer(s.base);
  out.images = images.size(0);
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

nlohmann::json toJson(const Landscape& l) {
  return {{"block", l.block},     {"sites", l.sites},           {"axis", l.axis},       {"loss", l.loss},
          {"fp_loss", l.fpLoss},  {"center_loss", l.centerLoss}, {"seconds", l.seconds}};
}

}  // namespace vq
