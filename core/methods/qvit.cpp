// Q-ViT (Li et al., NeurIPS 2022; methods.md §2): fully quantized low-bit QAT. Every Linear/Conv weight
// (symmetric, one learnable LSQ step per output channel) and every layer input and attention operand
// (asymmetric, learnable step and offset — one per head for q, k, v and the attention probabilities)
// is quantized; the patch embedding and the classifier stay at 8 bits. IRM re-normalises q and k
// before their quantizers; DGD distils the teacher's q/k patch-similarity matrices. The float model is
// both the initialisation and the teacher; training runs on the training split of --data.
#include "core/data/preprocess.h"
#include "core/methods/method.h"
#include "core/methods/qvit_training.h"
#include "core/quant/calibrate.h"
#include "core/quant/calibration.h"
#include "core/quant/irm_quantizer.h"
#include "core/util/error.h"
#include "core/util/progress_slice.h"

#include <torch/torch.h>

#include <map>
#include <set>

namespace vq {
namespace {

bool isAttentionOperand(const SiteInfo& s) { return s.kind == SiteKind::MatmulOperand || s.kind == SiteKind::SoftmaxOutput; }

bool within(const std::string& module, const std::string& path) { return module == path || module.rfind(path + ".", 0) == 0; }

// The layers Q-ViT keeps at 8 bits: the first layer (patch embedding / stem) and the classifier layers
// after the last block.
std::vector<std::string> boundaryUnits(const VisionModel& model) {
  std::vector<std::string> paths;
  const auto& units = model.units();
  if (!units.empty() && units.front().kind == "layer") paths.push_back(units.front().path);
  for (auto it = units.rbegin(); it != units.rend() && it->kind == "layer"; ++it) paths.push_back(it->path);
  return paths;
}

// Per attention site, a sample of token rows per head, [H, rows, last dim], from the float model.
class HeadSampler : public SiteHook {
public:
  HeadSampler(std::set<int> sites, int64_t rowsPerBatch, uint64_t seed) : sites_(std::move(sites)), rows_(rowsPerBatch), gen_(makeGenerator(seed)) {}
  torch::Tensor onSite(const SiteInfo& site, const torch::Tensor& x) override {
    if (!sites_.count(site.id)) return x;
    // Heads are the third axis from the end: [B, H, N, d] (ViT) or [B, windows, H, N, d] (Swin).
    ranks[site.id] = x.dim();
    const auto perHead = x.detach().movedim(-3, 0).reshape({x.size(-3), -1, x.size(-1)});  // [H, rows, last]
    const auto pick = torch::randperm(perHead.size(1), gen_, torch::kInt64).narrow(0, 0, std::min(rows_, perHead.size(1)));
    samples[site.id].push_back(perHead.index_select(1, pick));
    return x;
  }
  std::map<int, std::vector<torch::Tensor>> samples;
  std::map<int, int64_t> ranks;  // of each site's live tensor

private:
  std::set<int> sites_;
  int64_t rows_;
  torch::Generator gen_;
};

QuantParams searchRange(const torch::Tensor& values, const QuantizerSpec& spec, RangeMethod range) {
  if (range == RangeMethod::MinMax) return minMaxParams(values, spec);
  if (range == RangeMethod::Percentile) return percentileSearch(values, spec, activationPercentiles());
  return mseSearch(values, spec);
}

// One asymmetric quantizer per head: ranges searched head by head on `rows` [H, r, d], shaped to broadcast
// over a live tensor of `rank` dimensions whose heads are the third axis from the end ([1, H, 1, 1] for ViT).
std::shared_ptr<StaticQuantizer> perHeadQuantizer(const torch::Tensor& rows, int64_t rank, int bits, RangeMethod range) {
  QuantizerSpec spec{QuantScheme::UniformAsymmetric, bits, Granularity::PerChannel, 0};
  auto params = searchRange(rows, spec, range);
  std::vector<int64_t> shape(static_cast<size_t>(rank), 1);
  shape[static_cast<size_t>(rank - 3)] = rows.size(0);
  params.spec.axis = static_cast<int>(rank - 3);
  params.scale = params.scale.reshape(shape);
  params.zeroPoint = params.zeroPoint.reshape(shape);
  return std::make_shared<StaticQuantizer>(std::move(params));
}

nlohmann::json historyJson(const QatResult& r) {
  nlohmann::json h = nlohmann::json::array();
  for (const auto& e : r.history)
    h.push_back({{"epoch", e.epoch}, {"loss", e.loss}, {"dgd_loss", e.dgd}, {"val_top1", e.valTop1}, {"seconds", e.seconds}});
  return h;
}

MethodOutcome runQvit(MethodContext& ctx) {
  auto& opt = ctx.options;
  QatOptions qo;
  qo.epochs = static_cast<int>(opt.getInt("epochs", 3, 0, 1000, "training epochs (0: the calibrated start, no training)"));
  qo.batchSize = opt.getInt("batch", 64, 2, 4096, "training images per step");
  qo.lr = opt.getDouble("lr", 2e-4, 0, 1, "AdamW learning rate of weights and quantizer parameters (cosine to 0)");
  qo.weightDecay = opt.getDouble("weight_decay", 0.0, 0, 1, "AdamW weight decay of the weight matrices (the released code: 0)");
  qo.labelSmoothing = opt.getDouble("label_smoothing", 0.1, 0, 0.5, "label smoothing of the cross-entropy with the true labels");
  qo.trainImages = opt.getInt("train_images", -1, -1, int64_t{1} << 40, "training images per epoch (-1: the whole split minus validation)");
  qo.valImages = opt.getInt("val_images", 2000, 0, int64_t{1} << 40, "images held out of the training split to pick the best epoch (0: keep the last epoch)");
  const bool irm = opt.getBool("irm", true, "Information Rectification Module: learnable re-normalisation of q and k before quantization");
  const auto irmInit = opt.getChoice("irm_init", "fit", {"fit", "identity"},
                                     "IRM start: fit (γ, β reproduce the float q/k as closely as possible) or identity (γ=1, β=0, the released code)");
  qo.dgd = opt.getBool("dgd", true, "Distribution-Guided Distillation of the q/k patch-similarity matrices");
  qo.dgdNorm = opt.getChoice("dgd_norm", "frobenius", {"frobenius", "mse"}, "DGD distance: Frobenius norm or mean squared error per head") == "mse"
                   ? DgdNorm::Mse
                   : DgdNorm::Frobenius;
  qo.dgdWeight = opt.getDouble("dgd_weight", 1.0, 0, 1000, "weight of the DGD loss (the paper: 1)");
  const auto distill = opt.getChoice("distill", "hard", {"hard", "soft", "none"},
                                     "logit distillation from the float model: DeiT hard labels, soft (KL), or none");
  qo.distill = distill == "hard" ? Distillation::Hard : distill == "soft" ? Distillation::Soft : Distillation::None;
  qo.tau = opt.getDouble("tau", 1.0, 0.01, 100, "soft distillation temperature");
  const int boundaryBits = static_cast<int>(opt.getInt("boundary_bits", 8, 2, 8, "bits of the patch embedding and the classifier (weights and inputs)"));
  const bool perChannelInputs = opt.getChoice("act_granularity", "per_tensor", {"per_tensor", "per_channel"},
                                              "layer inputs: one range per tensor (the paper) or per input channel (the released code)") == "per_channel";
  const auto range = rangeMethodByName(opt.getChoice("init_range", "percentile", {"minmax", "percentile", "mse"},
                                                     "how the quantizers' starting ranges are chosen"));
  const int64_t initImages = opt.getInt("init_images", 256, 1, 1 << 20, "calibration images that set the starting ranges");
  const auto trainData = opt.getString("train_data", ctx.trainData, "the labelled data set to train on (default: the train split of --data)");
  opt.finish();
  if (trainData.empty())
    usageError("qvit trains on labelled images: --data has no train split, name one with --set train_data=DATA");
  const auto data = openDataset(trainData);
  qo.seed = ctx.seed;

  auto& fpModel = *ctx.fp.model;
  const auto& sites = fpModel.sites().sites();
  const auto boundary = boundaryUnits(fpModel);
  const auto atBoundary = [&](const SiteInfo& s) {
    for (const auto& path : boundary)
      if (within(s.module, path)) return true;
    return false;
  };

  // The plan: basic PTQ's sites plus the image input, with Q-ViT's schemes and bits.
  auto plan = basicPlan(fpModel, ctx.wbits, ctx.abits, range, range);
  if (const int image = imageInputSite(fpModel); image >= 0) plan.insert(plan.begin(), SitePlan{image, {}, range});
  std::set<int> attentionSites;
  for (auto& p : plan) {
    const auto& s = sites[static_cast<size_t>(p.site)];
    const bool weight = s.kind == SiteKind::Weight;
    p.spec.bits = atBoundary(s) ? boundaryBits : weight ? ctx.wbits : ctx.abits;
    p.spec.scheme = weight ? QuantScheme::UniformSymmetric : QuantScheme::UniformAsymmetric;
    p.spec.granularity = weight || (perChannelInputs && s.kind == SiteKind::LinearInput) ? Granularity::PerChannel : Granularity::PerTensor;
    p.spec.axis = weight ? 0 : s.channelAxis;
    p.range = range;
    if (isAttentionOperand(s) && s.heads > 0) attentionSites.insert(s.id);
  }

  MethodOutcome out{makeQuantizedModel(ctx.fp)};
  auto& qm = out.model;
  const auto initBatch = ctx.calibImages.narrow(0, 0, std::min(initImages, ctx.calibImages.size(0)));
  CalibrationOptions co;
  co.seed = ctx.seed;
  calibrate(qm, plan, initBatch, co, progressSlice(ctx.progress, 0.0, 0.03), ctx.cancel);

  // q, k, v and the attention probabilities: one range per head; q and k behind the IRM.
  HeadSampler sampler(attentionSites, 512, ctx.seed);
  {
    torch::NoGradGuard noGrad;
    ScopedSiteHook record(fpModel.sites(), &sampler);
    for (int64_t first = 0; first < initBatch.size(0); first += 32) {
      throwIfCancelled(ctx.cancel);
      fpModel.forward(initBatch.narrow(0, first, std::min<int64_t>(32, initBatch.size(0) - first)));
    }
  }
  int irmCount = 0;
  for (const auto& [id, pieces] : sampler.samples) {
    const auto& s = sites[static_cast<size_t>(id)];
    const auto rows = torch::cat(pieces, 1);
    const int bits = atBoundary(s) ? boundaryBits : ctx.abits;
    if (irm && (s.role == "q" || s.role == "k")) {
      auto params = irmInit == "fit" ? fitIrm(rows) : identityIrm(rows.size(-1));
      auto inner = perHeadQuantizer(rectify(rows, params), sampler.ranks.at(id), bits, range);
      inner->learnStep(true);
      auto q = std::make_shared<IrmQuantizer>(std::move(params), std::move(inner));
      q->learn();
      qm.quantizers->set(id, q);
      ++irmCount;
    } else {
      qm.quantizers->set(id, perHeadQuantizer(rows, sampler.ranks.at(id), bits, range));
    }
  }
  // Everything learns: LSQ steps for the symmetric weights, LSQ+ steps and offsets for the activations.
  for (const auto& s : sites) {
    auto q = std::dynamic_pointer_cast<StaticQuantizer>(qm.quantizers->get(s.id));
    if (q && !q->learning()) q->learnStep(s.kind != SiteKind::Weight);
  }

  QatResult trained;
  if (qo.epochs > 0) {
    const auto checkpoint = [&](const QatEpoch&) {
      if (ctx.checkpointDir.empty()) return;
      qm.info = {"qvit", ctx.wbits, ctx.abits, opt.resolved(), {}};
      saveQuantizedModel(ctx.checkpointDir, qm);
    };
    trained = trainQuantized(qm, ctx.fp, *data, qo, checkpoint, progressSlice(ctx.progress, 0.03, 1.0), ctx.cancel);
  } else {
    freezeQuantizers(*qm.quantizers);
  }
  out.report = {{"train_data", data->spec()},
                {"irm_sites", irmCount},
                {"boundary_layers", boundary},
                {"epochs", historyJson(trained)},
                {"best_epoch", trained.bestEpoch},
                {"start_val_top1", trained.startValTop1},
                {"best_val_top1", trained.bestValTop1}};
  return out;
}

}  // namespace

QuantMethod qvitMethod() {
  return {"qvit", "Q-ViT: fully quantized low-bit QAT with IRM (q/k rectification) and DGD (similarity distillation)", runQvit};
}

}  // namespace vq
