#include "core/eval/compare.h"

#include "core/data/image.h"
#include "core/data/preprocess.h"
#include "core/eval/predict.h"

#include <torch/torch.h>

#include <chrono>

namespace vq {
namespace {

constexpr int64_t kChunk = 32;        // images per forward: bounded memory for large folders
constexpr int64_t kThumbnailSide = 96;

// Nearest-neighbour thumbnail of a stored image (uint8 [H,W] or [H,W,C]) into `item`.
void setThumbnail(ComparedItem& item, torch::Tensor image) {
  if (image.dim() == 2) image = image.unsqueeze(2);
  const int64_t h = image.size(0), w = image.size(1);
  const int64_t step = std::max<int64_t>(1, (std::max(h, w) + kThumbnailSide - 1) / kThumbnailSide);
  image = image.slice(0, 0, h, step).slice(1, 0, w, step).contiguous();
  item.height = static_cast<int>(image.size(0));
  item.width = static_cast<int>(image.size(1));
  item.channels = static_cast<int>(image.size(2));
  item.pixels.assign(image.data_ptr<uint8_t>(), image.data_ptr<uint8_t>() + image.numel());
}

// Runs every model on `inputs` (one chunk), appending each item's answers and timing the forwards.
void answerChunk(const std::vector<AnsweringModel>& models, const ModelConfig& cfg, const torch::Tensor& inputs, int64_t topk,
                 std::vector<ComparedItem>& items, size_t first, std::vector<double>& seconds) {
  for (size_t m = 0; m < models.size(); ++m) {
    const auto start = std::chrono::steady_clock::now();
    const auto logits = models[m].model->forward(inputs);
    seconds[m] += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (int64_t i = 0; i < logits.size(0); ++i) items[first + static_cast<size_t>(i)].answers.push_back(topClasses(logits[i], cfg, topk));
  }
}

PredictionComparison finish(const std::vector<AnsweringModel>& models, std::vector<ComparedItem> items, const std::vector<double>& seconds) {
  PredictionComparison out;
  for (size_t m = 0; m < models.size(); ++m) {
    out.models.push_back(models[m].name);
    out.msPerImage.push_back(items.empty() ? 0.0 : 1000.0 * seconds[m] / static_cast<double>(items.size()));
  }
  out.items = std::move(items);
  return out;
}

void report(const ProgressFn& progress, size_t done, size_t total) {
  if (progress) progress(total ? static_cast<double>(done) / static_cast<double>(total) : 1.0, "predicting " + std::to_string(done) + "/" + std::to_string(total));
}

}  // namespace

PredictionComparison compareOnFiles(const std::vector<AnsweringModel>& models, const ModelConfig& cfg, const std::vector<std::string>& files,
                                    int64_t topk, const ProgressFn& progress, const CancelToken& cancel) {
  c10::InferenceMode inference;
  std::vector<ComparedItem> items(files.size());
  std::vector<double> seconds(models.size(), 0.0);
  for (size_t start = 0; start < files.size(); start += kChunk) {
    throwIfCancelled(cancel);
    const size_t end = std::min(files.size(), start + static_cast<size_t>(kChunk));
    std::vector<torch::Tensor> inputs;
    for (size_t i = start; i < end; ++i) {
      const auto image = readImage(files[i]);
      items[i].name = files[i];
      setThumbnail(items[i], image);
      inputs.push_back(preprocessImage(image, cfg.pretrained, files[i]));
    }
    answerChunk(models, cfg, torch::stack(inputs), topk, items, start, seconds);
    report(progress, end, files.size());
  }
  return finish(models, std::move(items), seconds);
}

PredictionComparison compareOnDataset(const std::vector<AnsweringModel>& models, const ModelConfig& cfg, const Dataset& data,
                                      const std::vector<int64_t>& indices, int64_t topk, const ProgressFn& progress, const CancelToken& cancel) {
  c10::InferenceMode inference;
  std::vector<ComparedItem> items(indices.size());
  std::vector<double> seconds(models.size(), 0.0);
  for (size_t start = 0; start < indices.size(); start += kChunk) {
    throwIfCancelled(cancel);
    const size_t end = std::min(indices.size(), start + static_cast<size_t>(kChunk));
    const std::vector<int64_t> chunk(indices.begin() + static_cast<std::ptrdiff_t>(start), indices.begin() + static_cast<std::ptrdiff_t>(end));
    for (size_t i = start; i < end; ++i) {
      auto& item = items[i];
      item.name = data.itemName(indices[i]);
      item.label = data.label(indices[i]);
      item.labelName = item.label < data.numClasses() ? data.labelNames()[static_cast<size_t>(item.label)] : std::to_string(item.label);
      setThumbnail(item, data.image(indices[i]));
    }
    answerChunk(models, cfg, data.batch(chunk, cfg.pretrained).images, topk, items, start, seconds);
    report(progress, end, indices.size());
  }
  return finish(models, std::move(items), seconds);
}

std::vector<int64_t> sampleIndices(const Dataset& data, int64_t count, uint64_t seed) {
  auto gen = makeGenerator(seed);
  const auto perm = torch::randperm(data.size(), gen, torch::kLong).narrow(0, 0, std::min(count, data.size()));
  return {perm.data_ptr<int64_t>(), perm.data_ptr<int64_t>() + perm.numel()};
}

}  // namespace vq
