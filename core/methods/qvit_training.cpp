#include "core/methods/qvit_training.h"

#include "core/data/preprocess.h"
#include "core/quant/irm_quantizer.h"
#include "core/train/training_steps.h"
#include "core/util/error.h"

#include <torch/torch.h>

#include <chrono>
#include <map>

namespace vq {
namespace {

namespace F = torch::nn::functional;

bool isQueryOrKey(const SiteInfo& s) { return s.kind == SiteKind::MatmulOperand && (s.role == "q" || s.role == "k"); }

// Keeps the live q and k tensors of one forward pass (the student's keep their autograd graph).
class QueryKeyRecorder : public SiteHook {
public:
  torch::Tensor onSite(const SiteInfo& site, const torch::Tensor& x) override {
    if (isQueryOrKey(site)) seen[site.id] = x;
    return x;
  }
  std::map<int, torch::Tensor> seen;
};

// The two heads of a distilled DeiT: the class head learns the labels, the distillation head the teacher.
class HeadOutputs : public LayerOutputHook {
public:
  torch::Tensor onLayerOutput(const SiteInfo& weightSite, const torch::Tensor& y) override {
    if (weightSite.module == "head") cls = y;
    if (weightSite.module == "head_dist") dist = y;
    return y;
  }
  torch::Tensor cls, dist;
};

// A step that an update pushed to zero or below would flip or collapse its grid; freeze() would clamp it
// anyway, so clamp it here and keep training and the frozen model the same function.
void keepStepsPositive(SiteQuantizers& table) {
  torch::NoGradGuard noGrad;
  for (size_t i = 0; i < table.size(); ++i) {
    auto q = table.get(static_cast<int>(i));
    if (auto irm = std::dynamic_pointer_cast<IrmQuantizer>(q)) q = irm->inner();
    if (auto s = std::dynamic_pointer_cast<StaticQuantizer>(q); s && s->learning()) s->params().scale.clamp_min_(1e-8);
  }
}

// Copies of every trained tensor, to return to the best epoch.
std::vector<torch::Tensor> snapshot(const std::vector<torch::Tensor>& tensors) {
  std::vector<torch::Tensor> out;
  for (const auto& t : tensors) out.push_back(t.detach().clone());
  return out;
}

void restore(const std::vector<torch::Tensor>& tensors, const std::vector<torch::Tensor>& saved) {
  torch::NoGradGuard noGrad;
  for (size_t i = 0; i < tensors.size(); ++i) tensors[i].copy_(saved[i]);
}

double validationTop1(VisionModel& model, const Dataset& data, const std::vector<int64_t>& indices, const PretrainedCfg& cfg,
                      const CancelToken& cancel) {
  if (indices.empty()) return 0;
  torch::NoGradGuard noGrad;
  int64_t correct = 0;
  for (size_t first = 0; first < indices.size(); first += 200) {
    throwIfCancelled(cancel);
    const std::vector<int64_t> part(indices.begin() + static_cast<std::ptrdiff_t>(first),
                                    indices.begin() + static_cast<std::ptrdiff_t>(std::min(indices.size(), first + 200)));
    const auto b = data.batch(part, cfg);
    correct += model.forward(b.images).argmax(1).eq(b.labels).sum().item<int64_t>();
  }
  return static_cast<double>(correct) / static_cast<double>(indices.size());
}

}  // namespace

void freezeQuantizers(SiteQuantizers& table) {
  for (size_t i = 0; i < table.size(); ++i) {
    const auto& q = table.get(static_cast<int>(i));
    if (auto s = std::dynamic_pointer_cast<StaticQuantizer>(q)) s->freeze();
    if (auto irm = std::dynamic_pointer_cast<IrmQuantizer>(q)) {
      irm->freeze();
      irm->inner()->freeze();
    }
  }
}

TrainingReport trainingReport(const QatResult& r, const std::string& trainData) {
  TrainingReport t{trainData, {}, r.bestEpoch, r.startValTop1, r.bestValTop1};
  for (const auto& e : r.history) t.epochs.push_back({e.epoch, e.loss, e.dgd, e.valTop1, e.seconds});
  return t;
}

torch::Tensor similarityMatrix(const torch::Tensor& q) {
  const auto g = torch::matmul(q, q.transpose(-2, -1));
  return g / g.norm(2, {-1}, true).clamp_min(1e-12);
}

torch::Tensor dgdDistance(const torch::Tensor& teacher, const torch::Tensor& student, DgdNorm norm) {
  // Leading axes (batch, and Swin's windows) are averaged over; heads are the third axis from the end.
  const auto diff = (similarityMatrix(teacher) - similarityMatrix(student)).flatten(-2).flatten(0, -3);  // [B·windows, H, N·N]
  const auto perHead = norm == DgdNorm::Frobenius ? diff.norm(2, {-1}) : diff.pow(2).mean(-1);
  return perHead.mean(0).sum();
}

QatResult trainQuantized(QuantizedModel& qm, const LoadedModel& teacher, const Dataset& data, const QatOptions& o,
                         const std::function<void(const QatEpoch&)>& onBest, const ProgressFn& progress, const CancelToken& cancel) {
  auto& model = qm.model();
  const auto& cfg = qm.loaded.config.pretrained;
  const auto& sites = model.sites().sites();

  // Validation images are the tail of one seeded permutation of the split; training draws from the rest.
  auto splitGen = makeGenerator(o.seed * 7919ull + 17ull);
  const auto perm = torch::randperm(data.size(), splitGen, torch::kInt64);
  const int64_t valCount = std::min(o.valImages, data.size() / 5);
  const auto* permData = perm.data_ptr<int64_t>();
  const std::vector<int64_t> valIndices(permData + data.size() - valCount, permData + data.size());
  const int64_t pool = data.size() - valCount;
  const int64_t perEpoch = o.trainImages > 0 ? std::min(o.trainImages, pool) : pool;
  const int64_t stepsPerEpoch = perEpoch / o.batchSize;
  if (stepsPerEpoch < 1) inputError(data.spec(), "has fewer training images than one batch");
  const int64_t totalSteps = stepsPerEpoch * o.epochs;

  // Everything that learns: the weights (decayed when they are matrices) and the quantizers' parameters.
  std::vector<torch::Tensor> weights, quantParams;
  for (auto& p : model.parameters()) {
    p.set_requires_grad(true);
    weights.push_back(p);
  }
  std::map<int, IrmQuantizer*> irms;
  for (const auto& s : sites) {
    const auto& q = qm.quantizers->get(s.id);
    if (!q) continue;
    for (auto& t : q->trainable()) quantParams.push_back(t);
    if (auto* irm = dynamic_cast<IrmQuantizer*>(q.get())) irms[s.id] = irm;
  }
  std::vector<torch::optim::OptimizerParamGroup> groups;
  groups.emplace_back(weights, std::make_unique<torch::optim::AdamWOptions>(torch::optim::AdamWOptions(o.lr).weight_decay(o.weightDecay)));
  groups.emplace_back(quantParams, std::make_unique<torch::optim::AdamWOptions>(torch::optim::AdamWOptions(o.quantLr).weight_decay(0.0)));
  torch::optim::AdamW optimizer(std::move(groups));
  std::vector<torch::Tensor> trained = weights;
  trained.insert(trained.end(), quantParams.begin(), quantParams.end());

  const bool distilled = model.sites().find("head_dist.weight") != nullptr;
  F::CrossEntropyFuncOptions smoothCe;
  smoothCe.label_smoothing(o.labelSmoothing);

  QatResult result;
  result.startValTop1 = result.bestValTop1 = validationTop1(model, data, valIndices, cfg, cancel);
  auto best = snapshot(trained);

  QueryKeyRecorder teacherQk, studentQk;
  HeadOutputs heads;
  for (int epoch = 0; epoch < o.epochs; ++epoch) {
    const auto start = std::chrono::steady_clock::now();
    auto gen = makeGenerator(o.seed * 1000003ull + static_cast<uint64_t>(epoch) + 1);
    const auto order = torch::randperm(pool, gen, torch::kInt64);
    const auto* orderData = order.data_ptr<int64_t>();
    double lossSum = 0, dgdSum = 0;
    for (int64_t step = 0; step < stepsPerEpoch; ++step) {
      throwIfCancelled(cancel);
      const int64_t global = static_cast<int64_t>(epoch) * stepsPerEpoch + step;
      const double decay = cosineLearningRate(1.0, 0.0, global, totalSteps, 0);
      static_cast<torch::optim::AdamWOptions&>(optimizer.param_groups()[0].options()).lr(o.lr * decay);
      static_cast<torch::optim::AdamWOptions&>(optimizer.param_groups()[1].options()).lr(o.quantLr * decay);

      std::vector<int64_t> indices;
      for (int64_t i = step * o.batchSize; i < (step + 1) * o.batchSize; ++i) indices.push_back(permData[orderData[i]]);
      const auto batch = augmentedBatch(data, indices, cfg, o.cropPad, o.hflip, gen);

      // The teacher runs only when something is distilled from it (I-ViT's fine-tuning learns from the labels alone).
      torch::Tensor teacherLogits;
      if (o.distill != Distillation::None || o.dgd) {
        torch::NoGradGuard noGrad;
        ScopedSiteHook record(teacher.model->sites(), o.dgd ? &teacherQk : nullptr);
        teacherLogits = teacher.model->forward(batch.images);
      }
      qm.quantizers->observer = o.dgd ? &studentQk : nullptr;
      ScopedOutputHook headHook(model.sites(), distilled ? &heads : nullptr);
      const auto logits = model.forward(batch.images);
      qm.quantizers->observer = nullptr;

      torch::Tensor loss;
      const auto& clsLogits = distilled ? heads.cls : logits;
      const auto& distLogits = distilled ? heads.dist : logits;
      switch (o.distill) {
        case Distillation::None: loss = F::cross_entropy(logits, batch.labels, smoothCe); break;
        case Distillation::Hard:
          loss = 0.5 * F::cross_entropy(clsLogits, batch.labels, smoothCe) + 0.5 * F::cross_entropy(distLogits, teacherLogits.argmax(1));
          break;
        case Distillation::Soft: {
          const auto kl = F::kl_div(F::log_softmax(distLogits / o.tau, 1), F::log_softmax(teacherLogits / o.tau, 1),
                                    F::KLDivFuncOptions().reduction(torch::kBatchMean).log_target(true));
          loss = 0.5 * F::cross_entropy(clsLogits, batch.labels, smoothCe) + 0.5 * kl * (o.tau * o.tau);
          break;
        }
      }
      if (o.dgd) {
        auto dgd = torch::zeros({});
        for (const auto& [id, studentX] : studentQk.seen) {
          const auto it = irms.find(id);
          const auto rectified = it == irms.end() ? studentX : rectify(studentX, it->second->irm());
          dgd = dgd + dgdDistance(teacherQk.seen.at(id), rectified, o.dgdNorm);
        }
        dgdSum += dgd.item<double>();
        loss = loss + o.dgdWeight * dgd;
      }
      optimizer.zero_grad();
      loss.backward();
      optimizer.step();
      keepStepsPositive(*qm.quantizers);
      teacherQk.seen.clear();
      studentQk.seen.clear();
      lossSum += loss.item<double>();
      if (progress)
        progress(static_cast<double>(global + 1) / static_cast<double>(totalSteps),
                 "QAT epoch " + std::to_string(epoch + 1) + "/" + std::to_string(o.epochs) + " step " + std::to_string(step + 1) + "/" +
                     std::to_string(stepsPerEpoch) + " loss " + std::to_string(lossSum / static_cast<double>(step + 1)).substr(0, 5));
    }
    QatEpoch record;
    record.epoch = epoch + 1;
    record.loss = lossSum / static_cast<double>(stepsPerEpoch);
    record.dgd = dgdSum / static_cast<double>(stepsPerEpoch);
    record.valTop1 = validationTop1(model, data, valIndices, cfg, cancel);
    record.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.history.push_back(record);
    // Without validation images the last epoch is the one kept.
    if (valIndices.empty() || record.valTop1 > result.bestValTop1) {
      result.bestValTop1 = record.valTop1;
      result.bestEpoch = record.epoch;
      best = snapshot(trained);
      if (onBest) onBest(record);
    }
  }
  restore(trained, best);
  freezeQuantizers(*qm.quantizers);
  return result;
}

}  // namespace vq
