// Q-ViT (Li et al., NeurIPS 2022; docs/design/methods.md §2): fully quantized low-bit QAT. Every Linear/Conv weight
// (symmetric, one learnable LSQ step per output channel) and every layer input and attention operand
// (asymmetric, learnable step and offset — one per head for q, k, v and the attention probabilities)
// is quantized; the patch embedding and the classifier stay at 8 bits. IRM re-normalises q and k
// before their quantizers (irm_quantizer.h: per token as released, or by calibration statistics); DGD
// distils the teacher's q/k patch-similarity matrices. The float model is both the initialisation and
// the teacher; training runs on the training split of --data.
#include "core/data/preprocess.h"
#include "core/methods/method.h"
#include "core/methods/qvit_training.h"
#include "core/model/layers.h"
#include "core/quant/calibrate.h"
#include "core/quant/calibration.h"
#include "core/quant/irm_quantizer.h"
#include "core/util/error.h"
#include "core/util/progress_slice.h"

#include <torch/torch.h>

#include <functional>
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

struct QvitSettings {
  QatOptions training;
  bool irm = true;
  std::string irmInit;
  IrmStatistics irmStatistics = IrmStatistics::Token;
  int boundaryBits = 8;
  bool perChannelInputs = false;
  RangeMethod range = RangeMethod::Percentile;
  int64_t initImages = 256;
  std::string trainData;
};

QvitSettings readSettings(MethodOptions& opt, const std::string& trainSplit) {
  QvitSettings s;
  auto& qo = s.training;
  qo.epochs = static_cast<int>(opt.getInt("epochs", qo.epochs, 0, 1000, "training epochs (0: the calibrated start, no training)"));
  qo.batchSize = opt.getInt("batch", qo.batchSize, 2, 4096, "training images per step");
  qo.lr = opt.getDouble("lr", qo.lr, 0, 1, "AdamW learning rate of the weights (cosine to 0)");
  qo.quantLr = opt.getDouble("quant_lr", qo.quantLr, 0, 1, "AdamW learning rate of the quantizers' steps, offsets and IRM affines");
  qo.weightDecay = opt.getDouble("weight_decay", qo.weightDecay, 0, 1, "AdamW weight decay of the weight matrices (the released code: 0)");
  qo.labelSmoothing = opt.getDouble("label_smoothing", qo.labelSmoothing, 0, 0.5, "label smoothing of the cross-entropy with the true labels");
  qo.trainImages = opt.getInt("train_images", qo.trainImages, -1, int64_t{1} << 40, "training images per epoch (-1: the whole split minus validation)");
  qo.valImages = opt.getInt("val_images", qo.valImages, 0, int64_t{1} << 40,
                            "images held out of the training split to pick the best epoch (0: keep the last epoch)");
  s.irm = opt.getBool("irm", true, "Information Rectification Module: learnable re-normalisation of q and k before quantization");
  s.irmStatistics = irmStatisticsByName(opt.getChoice(
      "irm_statistics", "token", {"token", "calibration"},
      "what IRM standardises by: each token over head_dim (the released code's LayerNorm) or fixed per-channel statistics of the calibration images (with irm_init=fit it starts as the identity)"));
  s.irmInit = opt.getChoice("irm_init", "fit", {"fit", "identity"},
                            "IRM start: fit (γ, β reproduce the float q/k as closely as the statistics allow) or identity (γ=1, β=0, the released code)");
  qo.dgd = opt.getBool("dgd", true, "Distribution-Guided Distillation of the q/k patch-similarity matrices");
  qo.dgdNorm = opt.getChoice("dgd_norm", qo.dgdNorm == DgdNorm::Mse ? "mse" : "frobenius", {"frobenius", "mse"},
                             "DGD distance per head: mean squared error (on the cross-entropy's scale) or the paper's Frobenius norm") == "mse"
                   ? DgdNorm::Mse
                   : DgdNorm::Frobenius;
  qo.dgdWeight = opt.getDouble("dgd_weight", qo.dgdWeight, 0, 1000, "weight of the DGD loss (the paper: 1)");
  const auto distill = opt.getChoice("distill", "hard", {"hard", "soft", "none"},
                                     "logit distillation from the float model: DeiT hard labels, soft (KL), or none");
  qo.distill = distill == "hard" ? Distillation::Hard : distill == "soft" ? Distillation::Soft : Distillation::None;
  qo.tau = opt.getDouble("tau", qo.tau, 0.01, 100, "soft distillation temperature");
  s.boundaryBits = static_cast<int>(opt.getInt("boundary_bits", 8, 2, 8, "bits of the patch embedding and the classifier (weights and inputs)"));
  s.perChannelInputs = opt.getChoice("act_granularity", "per_tensor", {"per_tensor", "per_channel"},
                                     "layer inputs: one range per tensor (the paper) or per input channel (the released code)") == "per_channel";
  s.range = rangeMethodByName(opt.getChoice("init_range", "percentile", {"minmax", "percentile", "mse"}, "how the quantizers' starting ranges are chosen"));
  s.initImages = opt.getInt("init_images", s.initImages, 1, 1 << 20, "calibration images that set the starting ranges");
  s.trainData = opt.getString("train_data", trainSplit, "the labelled data set to train on (default: the train split of --data)");
  return s;
}

// Basic PTQ's sites plus the image input, with Q-ViT's schemes and bits; `boundary` says which sites stay
// at the boundary bit width.
std::vector<SitePlan> qvitPlan(const VisionModel& model, int wbits, int abits, const QvitSettings& s,
                               const std::function<bool(const SiteInfo&)>& boundary) {
  const auto& sites = model.sites().sites();
  auto plan = basicPlan(model, wbits, abits, s.range, s.range);
  if (const int image = imageInputSite(model); image >= 0) plan.insert(plan.begin(), SitePlan{image, {}, s.range});
  for (auto& p : plan) {
    const auto& site = sites[static_cast<size_t>(p.site)];
    const bool weight = site.kind == SiteKind::Weight;
    p.spec.bits = boundary(site) ? s.boundaryBits : weight ? wbits : abits;
    p.spec.scheme = weight ? QuantScheme::UniformSymmetric : QuantScheme::UniformAsymmetric;
    p.spec.granularity = weight || (s.perChannelInputs && site.kind == SiteKind::LinearInput) ? Granularity::PerChannel : Granularity::PerTensor;
    p.spec.axis = weight ? 0 : site.channelAxis;
    p.range = s.range;
  }
  return plan;
}

// Replaces the per-tensor quantizers of q, k, v and the attention probabilities with per-head ones whose
// ranges come from the float model on `images`; q and k get the IRM in front. Returns the IRM count.
int installAttentionQuantizers(QuantizedModel& qm, VisionModel& fp, const torch::Tensor& images, int abits, const QvitSettings& s,
                               uint64_t seed, const CancelToken& cancel) {
  const auto& sites = fp.sites().sites();
  std::set<int> attention;
  for (const auto& site : sites)
    if (isAttentionOperand(site) && site.heads > 0 && qm.quantizers->get(site.id)) attention.insert(site.id);
  HeadSampler sampler(attention, 512, seed);
  {
    torch::NoGradGuard noGrad;
    ScopedSiteHook record(fp.sites(), &sampler);
    for (int64_t first = 0; first < images.size(0); first += 32) {
      throwIfCancelled(cancel);
      fp.forward(images.narrow(0, first, std::min<int64_t>(32, images.size(0) - first)));
    }
  }
  int irms = 0;
  for (const auto& [id, pieces] : sampler.samples) {
    const auto& site = sites[static_cast<size_t>(id)];
    const auto rows = torch::cat(pieces, 1);
    if (!s.irm || (site.role != "q" && site.role != "k")) {
      qm.quantizers->set(id, perHeadQuantizer(rows, sampler.ranks.at(id), abits, s.range));
      continue;
    }
    // q arrives multiplied by 1/√d; the module rectifies the unscaled q, as the released code does.
    const IrmSetup setup{s.irmStatistics, site.role == "q" ? queryScale(rows.size(-1)) : 1.0};
    auto params = s.irmInit == "fit" ? fitIrm(rows, setup) : identityIrm(rows, setup);
    auto inner = perHeadQuantizer(rectify(rows, params), sampler.ranks.at(id), abits, s.range);
    inner->learnStep(true);
    auto irm = std::make_shared<IrmQuantizer>(std::move(params), std::move(inner));
    irm->learn();
    qm.quantizers->set(id, irm);
    ++irms;
  }
  return irms;
}

MethodOutcome runQvit(MethodContext& ctx) {
  const auto settings = readSettings(ctx.options, ctx.trainData);
  ctx.options.finish();
  if (settings.trainData.empty())
    usageError("qvit trains on labelled images: --data has no train split, name one with --set train_data=DATA");
  const auto data = openDataset(settings.trainData);
  auto training = settings.training;
  training.seed = ctx.seed;

  auto& fp = *ctx.fp.model;
  const auto boundary = boundaryUnits(fp);
  const auto atBoundary = [&](const SiteInfo& s) {
    for (const auto& path : boundary)
      if (within(s.module, path)) return true;
    return false;
  };
  MethodOutcome out{makeQuantizedModel(ctx.fp)};
  auto& qm = out.model;
  const auto initBatch = ctx.calibImages.narrow(0, 0, std::min(settings.initImages, ctx.calibImages.size(0)));
  CalibrationOptions co;
  co.seed = ctx.seed;
  calibrate(qm, qvitPlan(fp, ctx.wbits, ctx.abits, settings, atBoundary), initBatch, co, progressSlice(ctx.progress, 0.0, 0.03), ctx.cancel);
  const int irms = installAttentionQuantizers(qm, fp, initBatch, ctx.abits, settings, ctx.seed, ctx.cancel);
  // Everything learns: LSQ steps for the symmetric weights, LSQ+ steps and offsets for the activations.
  for (const auto& s : fp.sites().sites()) {
    auto q = std::dynamic_pointer_cast<StaticQuantizer>(qm.quantizers->get(s.id));
    if (q && !q->learning()) q->learnStep(s.kind != SiteKind::Weight);
  }

  QatResult trained;
  if (training.epochs > 0) {
    const auto checkpoint = [&](const QatEpoch&) {
      if (ctx.checkpointDir.empty()) return;
      qm.info = {"qvit", ctx.wbits, ctx.abits, ctx.options.resolved(), {}};
      saveQuantizedModel(ctx.checkpointDir, qm);
    };
    trained = trainQuantized(qm, ctx.fp, *data, training, checkpoint, progressSlice(ctx.progress, 0.03, 1.0), ctx.cancel);
  } else {
    freezeQuantizers(*qm.quantizers);
  }
  out.report = QvitReport{trainingReport(trained, data->spec()), irms, boundary};
  return out;
}

}  // namespace

QuantMethod qvitMethod() {
  return {"qvit", "Q-ViT: fully quantized low-bit QAT with IRM (q/k rectification) and DGD (similarity distillation)", runQvit};
}

}  // namespace vq
