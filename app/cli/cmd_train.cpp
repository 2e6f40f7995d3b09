// vitquant train --arch NAME [--set KEY=VALUE ...] --data DATA --epochs E --seed S --out DIR [--resume]
// Trains a model from scratch (how the built-in models are made). Ctrl-C stops cleanly: the folder keeps
// the last finished epoch, and --resume continues from it with the same command.
#include "app/cli/command.h"
#include "core/model/zoo.h"
#include "core/train/trainer.h"
#include "core/util/error.h"

#include <cstdio>
#include <optional>
#include <memory>
#include <sstream>

namespace vq::cli {
namespace {

struct TrainCliOptions {
  CommonOptions common;
  std::string arch, data = "fashion-mnist", evalData, out;
  std::vector<std::string> sets;
  int epochs = 10;
  uint64_t seed = 0;
  int64_t batch = 128, imgSize = 32, cropPad = 2, evalLimit = -1;
  double lr = 1e-3, weightDecay = 0.05, warmupEpochs = 1.0, labelSmoothing = 0.1;
  bool noHflip = false, resume = false;
};

// KEY=VALUE with VALUE read as JSON when it parses (numbers, booleans, lists), else as a string.
void applySet(nlohmann::json& args, const std::string& item) {
  const auto eq = item.find('=');
  if (eq == std::string::npos || eq == 0) usageError("--set expects KEY=VALUE, got '" + item + "'");
  const std::string key = item.substr(0, eq), value = item.substr(eq + 1);
  try {
    args[key] = nlohmann::json::parse(value);
  } catch (const nlohmann::json::exception&) {
    args[key] = value;
  }
}

std::string reproduceCommand(const TrainCliOptions& o) {
  std::ostringstream c;
  c << "vitquant train --arch " << o.arch;
  for (const auto& s : o.sets) c << " --set " << s;
  c << " --data " << o.data << " --img-size " << o.imgSize << " --epochs " << o.epochs << " --seed " << o.seed << " --batch "
    << o.batch << " --lr " << o.lr << " --weight-decay " << o.weightDecay << " --warmup-epochs " << o.warmupEpochs
    << " --label-smoothing " << o.labelSmoothing << " --crop-pad " << o.cropPad << (o.noHflip ? " --no-hflip" : "")
    << " --threads " << at::get_num_threads();
  return c.str();
}

void run(const TrainCliOptions& o) {
  TrainOptions t;
  t.config = defaultConfig(o.arch);
  for (const auto& s : o.sets) applySet(t.config.modelArgs, s);
  // Architectures with a fixed input size take it from img_size; the input pipeline follows it.
  ModelConfig probe = t.config;
  probe.numClasses = 10;
  const auto probeModel = createModel(probe, "--arch " + o.arch);
  int64_t size = o.imgSize;
  if (probeModel->inputHeight > 0) {
    if (t.config.modelArgs.contains("img_size"))
      size = probeModel->inputHeight;
    else
      t.config.modelArgs["img_size"] = size;
  }
  const bool fashion = o.data.rfind("fashion-mnist", 0) == 0;
  t.config.pretrained.inputSize = {3, size, size};
  t.config.pretrained.cropPct = 1.0;
  t.config.pretrained.interpolation = "bicubic";
  if (fashion) {
    t.config.pretrained.mean.assign(3, kFashionMnistMean);
    t.config.pretrained.std.assign(3, kFashionMnistStd);
  }
  t.data = o.data == "fashion-mnist" ? "fashion-mnist:train" : o.data;
  t.evalData = !o.evalData.empty() ? o.evalData : (fashion ? "fashion-mnist:test" : o.data);
  t.outDir = o.out;
  t.epochs = o.epochs;
  t.batchSize = o.batch;
  t.lr = o.lr;
  t.weightDecay = o.weightDecay;
  t.warmupEpochs = o.warmupEpochs;
  t.labelSmoothing = o.labelSmoothing;
  t.cropPad = o.cropPad;
  t.hflip = !o.noHflip;
  t.seed = o.seed;
  t.resume = o.resume;
  t.evalLimit = o.evalLimit;
  t.command = reproduceCommand(o);

  std::optional<InterruptScope> interrupt;
  interrupt.emplace();
  const auto progress = progressFor(o.common);
  const auto result = train(
      t, progress,
      InterruptScope::token(), [&](const EpochRecord& e) {
        if (progress) endProgress();
        if (!o.common.json)
          std::printf("epoch %d: train loss %.4f, train top1 %.4f, test top1 %.4f, top5 %.4f (%.0f s)\n", e.epoch, e.trainLoss,
                      e.trainTop1, e.testTop1, e.testTop5, e.seconds);
        std::fflush(stdout);
      });
  interrupt.reset();
  if (progress) endProgress();
  nlohmann::json history = nlohmann::json::array();
  for (const auto& e : result.history)
    history.push_back({{"epoch", e.epoch}, {"train_loss", e.trainLoss}, {"test_top1", e.testTop1}, {"seconds", e.seconds}});
  if (o.common.json) {
    printJson({{"arch", o.arch}, {"out", o.out}, {"epochs", result.history.size()}, {"cancelled", result.cancelled},
               {"test_top1", result.history.empty() ? 0.0 : result.history.back().testTop1}, {"seconds", result.seconds},
               {"history", history}, {"command", t.command}});
  } else if (result.cancelled) {
    std::printf("interrupted: %s keeps epoch %zu; continue with the same command and --resume\n", o.out.c_str(), result.history.size());
  }
  if (result.cancelled) throw Cancelled{};
}

}  // namespace

void registerTrain(CLI::App& app) {
  auto o = std::make_shared<TrainCliOptions>();
  auto* cmd = app.add_subcommand("train", "Train a model from scratch (the built-in models are made this way)");
  cmd->add_option("--arch", o->arch, "timm architecture name, e.g. deit_tiny_patch16_224")->required();
  cmd->add_option("--set", o->sets, "model_args override KEY=VALUE (VALUE as JSON), repeatable");
  cmd->add_option("--data", o->data, "training data: fashion-mnist (train split) | idx:<dir> | folder:<dir>");
  cmd->add_option("--eval-data", o->evalData, "data evaluated after each epoch (default: the matching test split)");
  cmd->add_option("--out", o->out, "model folder to write (config.json, model.safetensors, train_state.pt)")->required();
  cmd->add_option("--epochs", o->epochs, "epochs")->check(CLI::Range(1, 10000));
  cmd->add_option("--seed", o->seed, "seed for initialisation, shuffling and augmentation");
  cmd->add_option("--batch", o->batch, "batch size")->check(CLI::Range(2, 4096));
  cmd->add_option("--img-size", o->imgSize, "input side in pixels (images are resized to it)")->check(CLI::Range(8, 1024));
  cmd->add_option("--lr", o->lr, "peak learning rate (AdamW)")->check(CLI::PositiveNumber);
  cmd->add_option("--weight-decay", o->weightDecay, "AdamW weight decay")->check(CLI::Range(0.0, 10.0));
  cmd->add_option("--warmup-epochs", o->warmupEpochs, "linear warm-up length")->check(CLI::Range(0.0, 1000.0));
  cmd->add_option("--label-smoothing", o->labelSmoothing, "label smoothing")->check(CLI::Range(0.0, 0.9));
  cmd->add_option("--crop-pad", o->cropPad, "random-crop padding in pixels")->check(CLI::Range(0, 64));
  cmd->add_flag("--no-hflip", o->noHflip, "no random horizontal flips");
  cmd->add_option("--eval-limit", o->evalLimit, "test images evaluated per epoch (default: all)")->check(CLI::Range(int64_t{1}, int64_t{1} << 40));
  cmd->add_flag("--resume", o->resume, "continue the run saved in --out");
  addCommonOptions(cmd, o->common);
  cmd->callback([o] {
    applyThreads(o->common);
    run(*o);
  });
}

}  // namespace vq::cli
