#include "core/data/dataset.h"

#include "core/io/file_bytes.h"
#include "core/data/idx.h"
#include "core/data/image.h"
#include "core/data/preprocess.h"
#include "core/util/error.h"

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <sstream>

namespace vq {
namespace fs = std::filesystem;

namespace {

constexpr uint64_t kMaxClassNamesBytes = 1 << 20;

bool startsWith(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }
bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }
std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}
std::string replaceAll(std::string s, const std::string& from, const std::string& to) {
  for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) s.replace(pos, from.size(), to);
  return s;
}
std::string sizeText(const torch::Tensor& images) {
  return std::to_string(images.size(2)) + "x" + std::to_string(images.size(1));
}

torch::Tensor indexTensor(const std::vector<int64_t>& indices) {
  return torch::tensor(indices, torch::TensorOptions().dtype(torch::kInt64));
}

// Labels must name a class: checked once, when a set is opened.
void checkLabels(const torch::Tensor& labels, int64_t numClasses, const std::string& source) {
  if (numClasses < 1) inputError(source, "data set has no classes");
  const auto bad = ((labels < 0) | (labels >= numClasses)).nonzero();
  if (bad.size(0) > 0) {
    const int64_t i = bad[0][0].item<int64_t>();
    inputError(source, "label " + std::to_string(labels[i].item<int64_t>()) + " of item " + std::to_string(i) +
                           " is not below the number of classes (" + std::to_string(numClasses) + ")");
  }
}

std::vector<std::string> readClassNames(const std::string& path) {
  std::istringstream in(readFileBytes(path, kMaxClassNamesBytes));
  std::vector<std::string> names;
  for (std::string line; std::getline(in, line);) {
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
    size_t b = 0;
    while (b < line.size() && std::isspace(static_cast<unsigned char>(line[b]))) ++b;
    if (b < line.size()) names.push_back(line.substr(b));
  }
  if (names.empty()) inputError(path, "holds no class names");
  return names;
}

// ---------------------------------------------------------------------------------------------
class IdxDataset final : public Dataset {
public:
  IdxDataset(std::string spec, const std::string& imagesPath, const std::string& labelsPath,
             std::vector<std::string> names, const std::string& what)
      : imagesPath_(imagesPath) {
    images_ = readIdxImages(imagesPath);
    const auto labels8 = readIdxLabels(labelsPath);
    if (labels8.size(0) != images_.size(0))
      inputError(labelsPath, "holds " + std::to_string(labels8.size(0)) + " labels but " + imagesPath + " holds " +
                                 std::to_string(images_.size(0)) + " images");
    labels_ = labels8.to(torch::kInt64);
    if (names.empty()) {
      const int64_t maxLabel = labels_.max().item<int64_t>();
      for (int64_t k = 0; k <= maxLabel; ++k) names.push_back(std::to_string(k));
    }
    checkLabels(labels_, static_cast<int64_t>(names.size()), labelsPath);
    spec_ = std::move(spec);
    labelNames_ = std::move(names);
    description_ = what + ": " + std::to_string(size()) + " grey images of " + sizeText(images_) + ", " +
                   std::to_string(numClasses()) + " classes (" + imagesPath + ", " + labelsPath + ")";
  }

  std::string itemName(int64_t index) const override {
    checkIndex(index);
    return imagesPath_ + "[" + std::to_string(index) + "]";
  }
  torch::Tensor image(int64_t index) const override {
    checkIndex(index);
    return images_[index].clone();
  }
  torch::Tensor rawBatch(const std::vector<int64_t>& indices) const override {
    for (int64_t i : indices) checkIndex(i);
    return images_.index_select(0, indexTensor(indices));
  }
  Batch batch(const std::vector<int64_t>& indices, const PretrainedCfg& cfg) const override {
    if (indices.empty()) {
      checkPretrainedCfg(cfg);
      return {torch::empty({0, cfg.inputSize[0], cfg.inputSize[1], cfg.inputSize[2]}), labelsOf(indices)};
    }
    return {preprocessBatch(rawBatch(indices), cfg, imagesPath_), labelsOf(indices)};
  }

private:
  std::string imagesPath_;
  torch::Tensor images_;  // uint8 [N,H,W]
};

// ---------------------------------------------------------------------------------------------
class FolderDataset final : public Dataset {
public:
  FolderDataset(std::string spec, const std::string& root) {
    std::error_code ec;
    if (!fs::exists(root, ec)) inputError(root, "no such folder");
    if (!fs::is_directory(root, ec)) inputError(root, "is not a folder");
    std::vector<std::string> classes;
    for (const auto& entry : fs::directory_iterator(root, ec)) {
      const auto name = entry.path().filename().string();
      if (!startsWith(name, ".") && entry.is_directory()) classes.push_back(name);
    }
    if (ec) inputError(root, "cannot list folder: " + ec.message());
    std::sort(classes.begin(), classes.end());
    if (classes.empty()) inputError(root, "holds no class sub-folders (expected one sub-folder of images per class)");

    std::vector<int64_t> labels;
    for (size_t k = 0; k < classes.size(); ++k) {
      const fs::path dir = fs::path(root) / classes[k];
      std::vector<std::string> found;
      fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
      for (; !ec && it != end; it.increment(ec)) {
        const auto name = it->path().filename().string();
        if (startsWith(name, ".")) {
          if (it->is_directory()) it.disable_recursion_pending();
          continue;
        }
        if (it->is_regular_file() && isImageName(name)) found.push_back(it->path().string());
      }
      if (ec) inputError(dir.string(), "cannot list folder: " + ec.message());
      if (found.empty())
        inputError(dir.string(), "class folder holds no images (.png .jpg .jpeg .bmp .tif .tiff .webp .pbm .pgm .ppm .pnm)");
      std::sort(found.begin(), found.end());
      for (auto& f : found) {
        files_.push_back(std::move(f));
        labels.push_back(static_cast<int64_t>(k));
      }
    }
    labels_ = torch::tensor(labels, torch::TensorOptions().dtype(torch::kInt64));
    labelNames_ = std::move(classes);
    checkLabels(labels_, numClasses(), root);
    spec_ = std::move(spec);
    description_ = "image folder: " + std::to_string(size()) + " images, " + std::to_string(numClasses()) +
                   " classes (" + root + ")";
  }

  std::string itemName(int64_t index) const override {
    checkIndex(index);
    return files_[index];
  }
  torch::Tensor image(int64_t index) const override {
    checkIndex(index);
    return readImage(files_[index]);
  }
  torch::Tensor rawBatch(const std::vector<int64_t>& indices) const override {
    for (int64_t i : indices) checkIndex(i);
    if (indices.empty()) return torch::empty({0, 0, 0, 3}, torch::TensorOptions().dtype(torch::kUInt8));
    std::vector<torch::Tensor> images(indices.size());
    at::parallel_for(0, static_cast<int64_t>(indices.size()), 1, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) images[i] = readImage(files_[indices[i]]);
    });
    for (size_t i = 1; i < images.size(); ++i)
      if (images[i].sizes() != images[0].sizes())
        inputError(files_[indices[i]], "is " + std::to_string(images[i].size(1)) + "x" + std::to_string(images[i].size(0)) +
                                           " pixels, unlike " + files_[indices[0]] + " (" + std::to_string(images[0].size(1)) +
                                           "x" + std::to_string(images[0].size(0)) + "): a raw batch needs equal sizes");
    return torch::stack(images);
  }
  Batch batch(const std::vector<int64_t>& indices, const PretrainedCfg& cfg) const override {
    checkPretrainedCfg(cfg);
    for (int64_t i : indices) checkIndex(i);
    if (indices.empty())
      return {torch::empty({0, cfg.inputSize[0], cfg.inputSize[1], cfg.inputSize[2]}), labelsOf(indices)};
    std::vector<torch::Tensor> images(indices.size());
    at::parallel_for(0, static_cast<int64_t>(indices.size()), 1, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) {
        const auto& file = files_[indices[i]];
        images[i] = preprocessImage(readImage(file), cfg, file);
      }
    });
    return {torch::stack(images), labelsOf(indices)};
  }

private:
  static bool isImageName(const std::string& name) {
    static const char* const kExtensions[] = {".png", ".jpg",  ".jpeg", ".bmp", ".tif", ".tiff",
                                              ".webp", ".pbm", ".pgm",  ".ppm", ".pnm"};
    const auto l = lower(name);
    for (const char* ext : kExtensions)
      if (endsWith(l, ext)) return true;
    return false;
  }

  std::vector<std::string> files_;
};

// ---------------------------------------------------------------------------------------------
std::unique_ptr<Dataset> openFashionMnist(bool test) {
  const std::string split = test ? "t10k" : "train";
  auto locate = [&](const std::string& stem) -> std::string {
    const std::string gz = std::string(kFashionMnistDir) + "/" + split + "-" + stem + "-ubyte.gz";
    const std::string plain = gz.substr(0, gz.size() - 3);
    std::error_code ec;
    if (fs::exists(gz, ec)) return gz;
    if (fs::exists(plain, ec)) return plain;
    inputError(gz, "no such file (Fashion-MNIST comes with the Debian package dataset-fashion-mnist)");
  };
  const std::string images = locate("images-idx3"), labels = locate("labels-idx1");
  return std::make_unique<IdxDataset>(test ? "fashion-mnist:test" : "fashion-mnist:train", images, labels,
                                      fashionMnistLabelNames(),
                                      std::string("Fashion-MNIST ") + (test ? "test" : "training") + " split");
}

std::unique_ptr<Dataset> openIdxFolder(const std::string& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) inputError(dir, "no such folder");
  if (!fs::is_directory(dir, ec)) inputError(dir, "is not a folder (idx:<dir> wants the folder holding the IDX files)");
  // base name (without .gz) -> file name actually read (the plain one if both exist)
  std::map<std::string, std::string> images, labels;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file()) continue;
    const std::string name = entry.path().filename().string();
    const std::string base = endsWith(name, ".gz") ? name.substr(0, name.size() - 3) : name;
    const std::string l = lower(base);
    auto* bucket = (contains(l, "images") || contains(l, "idx3")) ? &images
                   : (contains(l, "labels") || contains(l, "idx1")) ? &labels
                                                                    : nullptr;
    if (!bucket) continue;
    auto [it, inserted] = bucket->emplace(base, name);
    if (!inserted && name == base) it->second = name;  // prefer the uncompressed copy
  }
  if (ec) inputError(dir, "cannot list folder: " + ec.message());
  if (images.empty()) inputError(dir, "holds no IDX images file (a name containing \"images\" or \"idx3\")");
  if (labels.empty()) inputError(dir, "holds no IDX labels file (a name containing \"labels\" or \"idx1\")");

  std::vector<std::pair<std::string, std::string>> pairs;  // (images file, labels file)
  for (const auto& [base, file] : images) {
    const auto match = labels.find(replaceAll(replaceAll(base, "images", "labels"), "idx3", "idx1"));
    if (match != labels.end()) pairs.emplace_back(file, match->second);
  }
  if (pairs.empty() && images.size() == 1 && labels.size() == 1)
    pairs.emplace_back(images.begin()->second, labels.begin()->second);
  auto list = [](const std::vector<std::pair<std::string, std::string>>& ps) {
    std::string s;
    for (const auto& p : ps) s += (s.empty() ? "" : "; ") + p.first + " + " + p.second;
    return s;
  };
  if (pairs.empty()) inputError(dir, "cannot pair its IDX images and labels files by name");
  if (pairs.size() > 1) {
    std::vector<std::pair<std::string, std::string>> tests;
    for (const auto& p : pairs)
      if (contains(lower(p.first), "t10k") || contains(lower(p.first), "test")) tests.push_back(p);
    if (tests.size() != 1)
      inputError(dir, "holds several IDX image/label pairs (" + list(tests.empty() ? pairs : tests) +
                          "); keep one pair, or one test pair, per folder");
    pairs = tests;
  }
  const fs::path folder(dir);
  std::vector<std::string> names;
  const fs::path namesFile = folder / "class_names.txt";
  if (fs::exists(namesFile, ec)) names = readClassNames(namesFile.string());
  return std::make_unique<IdxDataset>("idx:" + dir, (folder / pairs[0].first).string(), (folder / pairs[0].second).string(),
                                      std::move(names), "IDX data set");
}

std::unique_ptr<Dataset> openDatasetSpec(const std::string& spec) {
  const std::string kForms = "use fashion-mnist, fashion-mnist:test, fashion-mnist:train, idx:<dir> or folder:<dir>";
  if (spec == "fashion-mnist" || spec == "fashion-mnist:test") return openFashionMnist(true);
  if (spec == "fashion-mnist:train") return openFashionMnist(false);
  if (startsWith(spec, "fashion-mnist:"))
    usageError("unknown Fashion-MNIST split in data set '" + spec + "' (use fashion-mnist:test or fashion-mnist:train)");
  if (startsWith(spec, "idx:")) {
    const std::string dir = spec.substr(4);
    if (dir.empty()) usageError("data set 'idx:' names no folder (idx:<dir>)");
    return openIdxFolder(dir);
  }
  if (startsWith(spec, "folder:")) {
    const std::string dir = spec.substr(7);
    if (dir.empty()) usageError("data set 'folder:' names no folder (folder:<dir>)");
    return std::make_unique<FolderDataset>("folder:" + dir, dir);
  }
  usageError("unknown data set '" + spec + "': " + kForms);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
int64_t Dataset::label(int64_t index) const {
  checkIndex(index);
  return labels_[index].item<int64_t>();
}

void Dataset::checkIndex(int64_t index) const {
  TORCH_CHECK(index >= 0 && index < size(), "Dataset: index ", index, " out of range [0, ", size(), ")");
}

torch::Tensor Dataset::labelsOf(const std::vector<int64_t>& indices) const {
  if (indices.empty()) return torch::empty({0}, torch::TensorOptions().dtype(torch::kInt64));
  return labels_.index_select(0, indexTensor(indices));
}

Batch Dataset::batch(int64_t start, int64_t count, const PretrainedCfg& cfg) const {
  TORCH_CHECK(start >= 0 && count >= 0 && start <= size() && count <= size() - start, "Dataset::batch: items ", start,
              "..", start + count, " out of range [0, ", size(), ")");
  std::vector<int64_t> indices(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) indices[i] = start + i;
  return batch(indices, cfg);
}

const std::vector<std::string>& fashionMnistLabelNames() {
  static const std::vector<std::string> names = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                                 "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
  return names;
}

std::unique_ptr<Dataset> openDataset(const std::string& spec) {
  try {
    return openDatasetSpec(spec);
  } catch (const fs::filesystem_error& e) {
    inputError(e.path1().string(), e.code().message());
  }
}

}  // namespace vq
