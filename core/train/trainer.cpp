#include "core/train/trainer.h"

#include "core/data/dataset.h"
#include "core/data/preprocess.h"
#include "core/eval/evaluate.h"
#include "core/model/layers.h"
#include "core/model/zoo.h"
#include "core/train/training_steps.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"

#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <filesystem>

namespace vq {
namespace fs = std::filesystem;

namespace {

const char* kStateFile = "train_state.pt";

// timm initialises transformer Linears with a truncated normal (std 0.02) and zero biases; PyTorch's default
// (kaiming-uniform) trains ViTs noticeably worse from scratch. MobileViT's convs keep the zoo's timm init.
void initTransformerLinears(VisionModel& model) {
  torch::NoGradGuard noGrad;
  for (const auto& item : model.named_modules()) {
    if (auto* linear = dynamic_cast<QLinearImpl*>(item.value().get())) {
      linear->weight.normal_(0.0, 0.02).clamp_(-0.04, 0.04);
      if (linear->bias.defined()) linear->bias.zero_();
    }
  }
}

// No weight decay on biases, norms, tokens, position embeddings and relative position biases (timm's rule).
bool decays(const std::string& name, const torch::Tensor& p) {
  if (p.dim() <= 1) return false;
  for (const char* skip : {"pos_embed", "cls_token", "dist_token", "reg_token", "relative_position_bias_table"})
    if (name.find(skip) != std::string::npos) return false;
  return true;
}

nlohmann::json trainingRecord(const TrainOptions& o, const std::vector<EpochRecord>& history, double seconds) {
  nlohmann::json h = nlohmann::json::array();
  for (const auto& e : history)
    h.push_back({{"epoch", e.epoch}, {"train_loss", e.trainLoss}, {"train_top1", e.trainTop1}, {"test_top1", e.testTop1},
                 {"test_top5", e.testTop5}, {"seconds", e.seconds}});
  nlohmann::json j = {{"command", o.command}, {"data", o.data}, {"eval_data", o.evalData}, {"seed", o.seed},
                      {"epochs", static_cast<int>(history.size())}, {"epochs_planned", o.epochs}, {"batch_size", o.batchSize},
                      {"lr", o.lr}, {"weight_decay", o.weightDecay}, {"warmup_epochs", o.warmupEpochs},
                      {"label_smoothing", o.labelSmoothing}, {"crop_pad", o.cropPad}, {"hflip", o.hflip},
                      {"threads", at::get_num_threads()}, {"train_seconds", seconds}, {"history", h}};
  if (!history.empty()) {
    j["test_top1"] = history.back().testTop1;
    j["test_top5"] = history.back().testTop5;
  }
  return j;
}

// Archive keys are TorchScript attribute names: no dots allowed, so "blocks.0.norm1.weight" is stored as
// "weight__blocks__0__norm1__weight" (timm names never contain "__").
std::string archiveKey(const std::string& name) {
  std::string key = "weight__";
  for (char c : name) key += c == '.' ? std::string("__") : std::string(1, c);
  return key;
}

// What must agree between a run and the run it resumes.
nlohmann::json recipe(const TrainOptions& o) {
  return {{"architecture", o.config.architecture}, {"model_args", o.config.modelArgs}, {"seed", o.seed},
          {"epochs", o.epochs}, {"batch_size", o.batchSize}, {"lr", o.lr}, {"data", o.data},
          {"input_size", o.config.pretrained.inputSize}};
}

}  // namespace

TrainResult train(const TrainOptions& o, const ProgressFn& progress, const CancelToken& cancel,
                  const std::function<void(const EpochRecord&)>& onEpoch) {
  const auto runStart = std::chrono::steady_clock::now();
  if (o.outDir.empty()) usageError("train needs an output folder (--out)");
  if (o.epochs < 1) usageError("--epochs must be at least 1");
  const auto trainSet = openDataset(o.data);
  const auto testSet = openDataset(o.evalData);

  ModelConfig cfg = o.config;
  cfg.numClasses = trainSet->numClasses();
  cfg.pretrained.labelNames = trainSet->labelNames();
  checkPretrainedCfg(cfg.pretrained, "train");
  torch::manual_seed(static_cast<int64_t>(o.seed));
  auto model = createModel(cfg, "train --arch " + cfg.architecture);
  if (model->family() == "vit" || model->family() == "swin") initTransformerLinears(*model);

  std::vector<torch::Tensor> decay, noDecay;
  for (const auto& p : model->named_parameters()) (decays(p.key(), p.value()) ? decay : noDecay).push_back(p.value());
  std::vector<torch::optim::OptimizerParamGroup> groups;
  groups.emplace_back(decay, std::make_unique<torch::optim::AdamWOptions>(torch::optim::AdamWOptions(o.lr).weight_decay(o.weightDecay)));
  groups.emplace_back(noDecay, std::make_unique<torch::optim::AdamWOptions>(torch::optim::AdamWOptions(o.lr).weight_decay(0.0)));
  torch::optim::AdamW optimizer(std::move(groups));

  TrainResult result;
  const auto statePath = (fs::path(o.outDir) / kStateFile).string();
  int startEpoch = 0;
  if (o.resume) {
    if (!fs::exists(statePath)) inputError(statePath, "nothing to resume (no finished epoch was saved in this folder)");
    torch::serialize::InputArchive archive;
    archive.load_from(statePath);
    optimizer.load(archive);
    // The weights come from the state file itself, so model and optimizer are always of the same epoch.
    SafeTensors weights;
    for (const auto& [name, tensor] : stateDict(*model).tensors) {
      torch::Tensor saved;
      archive.read(archiveKey(name), saved);
      weights.tensors[name] = saved;
    }
    loadStateDict(*model, weights, statePath);
    c10::IValue recipeText, historyText;
    archive.read("recipe", recipeText);
    archive.read("history", historyText);
    if (nlohmann::json::parse(recipeText.toStringRef()) != recipe(o))
      inputError(statePath, "was written by a run with other settings; resume with the same command");
    for (const auto& e : nlohmann::json::parse(historyText.toStringRef()))
      result.history.push_back({e["epoch"], e["train_loss"], e["train_top1"], e["test_top1"], e["test_top5"], e["seconds"]});
    startEpoch = static_cast<int>(result.history.size());
  }

  const int64_t n = trainSet->size();
  const int64_t stepsPerEpoch = n / o.batchSize;  // drop the last partial batch: BatchNorm needs full batches
  if (stepsPerEpoch < 1) inputError(o.data, "has fewer images than one batch");
  const int64_t totalSteps = stepsPerEpoch * o.epochs;
  const int64_t warmupSteps = std::max<int64_t>(1, static_cast<int64_t>(o.warmupEpochs * static_cast<double>(stepsPerEpoch)));
  torch::nn::functional::CrossEntropyFuncOptions lossOptions;
  lossOptions.label_smoothing(o.labelSmoothing);

  for (int epoch = startEpoch; epoch < o.epochs; ++epoch) {
    const auto epochStart = std::chrono::steady_clock::now();
    auto gen = makeGenerator(o.seed * 1000003ull + static_cast<uint64_t>(epoch));
    const auto order = torch::randperm(n, gen, torch::kInt64);
    const auto* orderData = order.data_ptr<int64_t>();
    model->train();
    double lossSum = 0;
    int64_t correct = 0, seen = 0;
    for (int64_t step = 0; step < stepsPerEpoch; ++step) {
      if (cancel.cancelled()) {
        result.cancelled = true;
        result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - runStart).count();
        return result;
      }
      const int64_t global = static_cast<int64_t>(epoch) * stepsPerEpoch + step;
      const double lr = cosineLearningRate(o.lr, o.minLrRatio, global, totalSteps, warmupSteps);
      for (auto& group : optimizer.param_groups()) static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);

      std::vector<int64_t> indices(orderData + step * o.batchSize, orderData + (step + 1) * o.batchSize);
      const auto batch = augmentedBatch(*trainSet, indices, cfg.pretrained, o.cropPad, o.hflip, gen);
      const auto& x = batch.images;
      const auto& y = batch.labels;

      const auto logits = model->forward(x);
      const auto loss = torch::nn::functional::cross_entropy(logits, y, lossOptions);
      optimizer.zero_grad();
      loss.backward();
      optimizer.step();

      lossSum += loss.item<double>() * static_cast<double>(indices.size());
      correct += logits.argmax(1).eq(y).sum().item<int64_t>();
      seen += static_cast<int64_t>(indices.size());
      if (progress)
        progress(static_cast<double>(global + 1) / static_cast<double>(totalSteps),
                 "epoch " + std::to_string(epoch + 1) + "/" + std::to_string(o.epochs) + " loss " +
                     std::to_string(lossSum / static_cast<double>(seen)).substr(0, 5));
    }

    EvalOptions evalOptions;
    evalOptions.limit = o.evalLimit;
    const auto test = evaluate(*model, cfg.pretrained, *testSet, evalOptions, {}, cancel);
    EpochRecord record{epoch + 1, lossSum / static_cast<double>(seen), static_cast<double>(correct) / static_cast<double>(seen),
                       test.top1, test.top5,
                       std::chrono::duration<double>(std::chrono::steady_clock::now() - epochStart).count()};
    result.history.push_back(record);

    // Save the finished epoch: the model folder, then the resume state (each file atomically; the state
    // holds its own copy of the weights, so an interruption between the two cannot mix epochs).
    double elapsed = 0;
    for (const auto& e : result.history) elapsed += e.seconds;
    cfg.extra["training"] = trainingRecord(o, result.history, elapsed);
    saveModelFolder(o.outDir, cfg, *model);
    writeAtomically(statePath, [&](const std::string& tmp) {
      torch::serialize::OutputArchive archive;
      optimizer.save(archive);
      archive.write("recipe", c10::IValue(recipe(o).dump()));
      archive.write("history", c10::IValue(cfg.extra["training"]["history"].dump()));
      for (const auto& [name, tensor] : stateDict(*model).tensors) archive.write(archiveKey(name), tensor);
      archive.save_to(tmp);
    });
    if (onEpoch) onEpoch(record);
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - runStart).count();
  return result;
}

}  // namespace vq
