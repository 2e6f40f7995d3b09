#pragma once
// Labelled image data sets, opened from the DATA specs of docs/design/architecture.md §6:
//
//   fashion-mnist, fashion-mnist:test   the Fashion-MNIST test split (10000 images) from
//                                       /usr/share/datasets/fashion-mnist/t10k-*-ubyte.gz
//   fashion-mnist:train                 the training split (60000 images), train-*-ubyte.gz
//                                       (uncompressed copies without .gz are read as well)
//   idx:<dir>                           one images IDX file (3 dims) + one labels IDX file
//                                       (1 dim) in <dir>, plain or .gz; see below
//   folder:<dir>                        one sub-folder per class, ImageNet/torchvision style
//
// idx:<dir> chooses its files by name, in <dir> only (not recursively):
//   - image candidates contain "images" or "idx3" in their name, label candidates "labels" or
//     "idx1"; a name and the same name + ".gz" count as one file (the plain one is read);
//   - an images file is paired with the labels file whose name is obtained by replacing
//     "images" with "labels" and "idx3" with "idx1" (t10k-images-idx3-ubyte.gz pairs with
//     t10k-labels-idx1-ubyte.gz); if nothing pairs by name but there is exactly one candidate of
//     each kind, those two are used;
//   - of several pairs, the one whose images file name contains "t10k" or "test" wins (the test
//     split, as for fashion-mnist); anything still ambiguous is an error that lists the pairs.
//   Class names come from <dir>/class_names.txt (one name per line, blank lines ignored) if
//   present, else they are "0", "1", ... up to the largest label.
//
// folder:<dir>: every non-hidden sub-folder of <dir> is a class; class names are the sub-folder
//   names sorted by byte value (Python's sorted()), labels their positions. Images are the files
//   under each class folder (recursively, sorted by path) whose extension is one of .png .jpg
//   .jpeg .bmp .tif .tiff .webp .pbm .pgm .ppm .pnm (any case); other files are ignored, like
//   torchvision's ImageFolder; hidden files and folders (".name") are skipped too. A class folder
//   without images is an error. Images are decoded when a batch asks for them (through image.h,
//   so the pixel budget applies and a bad file is an error naming it).
//
// Every label is checked to be < numClasses() when the set is opened.
// A Dataset is immutable once opened; all its functions are const and thread-safe.
//
// Iterating (e.g. `vitquant eval --limit N`):
//   auto data = vq::openDataset(spec);
//   const int64_t n = std::min(limit, data->size());
//   for (int64_t start = 0; start < n; start += batchSize) {
//     vq::Batch b = data->batch(start, std::min(batchSize, n - start), model.pretrained);
//     // b.images float32 [B,C,H,W] ready for the model, b.labels int64 [B]
//   }
// Training with augmentation (raw pixels, then the same preprocessing):
//   auto raw = data->rawBatch(indices);                       // uint8 [B,H,W] or [B,H,W,3]
//   auto x = vq::preprocessBatch(vq::randomCropFlip(raw, 4, gen), cfg);   // gen: vq::makeGenerator(seed)
// (randomCropFlip takes [N,H,W] or [N,C,H,W]: permute an RGB raw batch to [N,3,H,W] and back.)
#include "core/data/pretrained_cfg.h"

#include <torch/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace vq {

struct Batch {
  torch::Tensor images;  // float32 [B,C,H,W], preprocessed for the model
  torch::Tensor labels;  // int64 [B]
};

class Dataset {
public:
  virtual ~Dataset() = default;

  const std::string& spec() const { return spec_; }                // as given to openDataset, normalised
  const std::string& description() const { return description_; }  // one line, for logs and reports
  int64_t size() const { return labels_.size(0); }
  const std::vector<std::string>& labelNames() const { return labelNames_; }
  int64_t numClasses() const { return static_cast<int64_t>(labelNames_.size()); }
  const torch::Tensor& labels() const { return labels_; }  // int64 [N]; shared, do not modify
  int64_t label(int64_t index) const;

  // Where item `index` comes from: its file for folder sets, "<images file>[index]" for IDX sets.
  virtual std::string itemName(int64_t index) const = 0;

  // One image as stored: uint8 [H,W] (grey, IDX sets) or [H,W,3] (RGB, folder sets).
  virtual torch::Tensor image(int64_t index) const = 0;

  // Raw images of the given items, stacked: uint8 [B,H,W] (IDX) or [B,H,W,3] (folder sets,
  // which must then all have the same size, else vq::Error(Input)).
  virtual torch::Tensor rawBatch(const std::vector<int64_t>& indices) const = 0;

  // Preprocessed items for a model with this PretrainedCfg (see preprocess.h). IDX sets use
  // the batched fast path; folder sets decode and preprocess their images in parallel.
  virtual Batch batch(const std::vector<int64_t>& indices, const PretrainedCfg& cfg) const = 0;
  // Items start .. start+count-1, which must lie in [0, size()) (a programmer error otherwise).
  Batch batch(int64_t start, int64_t count, const PretrainedCfg& cfg) const;

protected:
  Dataset() = default;
  void checkIndex(int64_t index) const;
  torch::Tensor labelsOf(const std::vector<int64_t>& indices) const;

  std::string spec_, description_;
  std::vector<std::string> labelNames_;
  torch::Tensor labels_;  // int64 [N]
};

// Opens a data set from its spec (forms above). Throws vq::Error(Usage) for an unknown spec
// form and vq::Error(Input) for missing or bad files, naming the file.
std::unique_ptr<Dataset> openDataset(const std::string& spec);

// The Debian location of Fashion-MNIST and its ten class names.
constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";
const std::vector<std::string>& fashionMnistLabelNames();

}  // namespace vq
