#pragma once
// timm's evaluation transform, driven by a model's PretrainedCfg:
//   Resize (shorter side to floor(H / crop_pct), named interpolation) -> CenterCrop(H, W)
//   -> ToTensor (/255) -> Normalize(mean, std)
// with the size arithmetic of torchvision (long side = int(short * long / short_in); crop offsets
// = round((in - crop) / 2) with Python's half-to-even rounding; zero padding when the crop is
// larger than the image). For a non-square input_size timm uses its ResizeKeepRatio, which
// scales both sides by the same factor (rounded) and always interpolates bilinearly; so do we.
//
// Resampling. Both paths below use the same code: torch's interpolate with antialias=true (for
// bicubic and bilinear) or "nearest-exact", applied as two separable passes (width, then
// height) with the result rounded to 8-bit levels after each pass. That is what PIL's
// Image.resize does for the 8-bit images timm feeds it: the antialiased filters are ported from
// PIL (bicubic a = -0.5, support scaled by the down-sampling factor), and PIL stores each pass
// in 8 bits. We therefore match PIL up to its fixed-point coefficients (at most one grey level,
// i.e. 1/255 before normalisation). OpenCV's cv::resize is deliberately not used: its bicubic
// uses a = -0.75 and it does not antialias when shrinking, which aliases badly on photographs
// and would make the per-image path (photos) and the batched path (Fashion-MNIST) disagree.
// Huge images are resized in strips of rows, so memory stays bounded.
//
// Channels: a grey image gives 3 identical channels (each normalised with its own mean/std) when
// the model wants 3; an RGB image is converted to grey with PIL's "L" weights when it wants 1.
// All functions are deterministic and thread-safe.
#include "core/data/pretrained_cfg.h"

#include <torch/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace vq {

enum class Interpolation { Nearest, Bilinear, Bicubic };

// "nearest" | "bilinear" | "bicubic"; throws vq::Error(Input) naming `source` otherwise.
Interpolation parseInterpolation(const std::string& name, const std::string& source = "pretrained_cfg");

// Checks input_size (C in {1,3}, H and W in 1..8192), mean/std (C values, std > 0) and crop_pct
// (0.05, 1]. Throws vq::Error(Input) naming `source`. The functions below call it.
void checkPretrainedCfg(const PretrainedCfg& cfg, const std::string& source = "pretrained_cfg");

// Where the model input comes from in a source image of srcHeight x srcWidth: the image is
// resized to resizeHeight x resizeWidth, then output pixel (y, x) is resized pixel
// (y + cropTop, x + cropLeft); negative offsets mean zero padding. Useful to map attention maps
// back onto the original image.
struct EvalGeometry {
  int64_t resizeHeight = 0, resizeWidth = 0;
  int64_t cropTop = 0, cropLeft = 0;
  int64_t outHeight = 0, outWidth = 0, channels = 0;
  Interpolation interpolation = Interpolation::Bicubic;
};
EvalGeometry evalGeometry(int64_t srcHeight, int64_t srcWidth, const PretrainedCfg& cfg);

// One image: uint8 [H,W,3] (RGB), [H,W,1] or [H,W] (grey) -> float32 [C,outH,outW].
// `name` (a file name) is used in error messages, e.g. for an image whose resized size would
// exceed kDefaultMaxImagePixels because of an extreme aspect ratio.
torch::Tensor preprocessImage(const torch::Tensor& image, const PretrainedCfg& cfg, const std::string& name = "");

// The batched fast path: equally sized uint8 images [N,H,W] (grey, e.g. Fashion-MNIST) or
// [N,H,W,3] (RGB) -> float32 [N,C,outH,outW]. Gives the same values as preprocessImage on
// each image (tested), in one set of tensor operations.
torch::Tensor preprocessBatch(const torch::Tensor& images, const PretrainedCfg& cfg, const std::string& name = "");

// Training augmentation: pads every image by `pad` pixels on each side with `fill`, takes a
// random crop of the original size, and (if hflip) mirrors it left-right with probability 1/2.
// images: [N,H,W] or [N,C,H,W] of any dtype (e.g. raw uint8 images before preprocessBatch; then
// pad 2..4 is the usual choice for 28x28). Draws, in this order, N crop rows, N crop columns and
// N flip bits from `generator` (whose state advances), so a seed reproduces the batch exactly.
torch::Tensor randomCropFlip(const torch::Tensor& images, int64_t pad, torch::Generator generator, bool hflip = true,
                             double fill = 0.0);

// A CPU generator seeded with `seed`, for randomCropFlip and shuffling.
torch::Generator makeGenerator(uint64_t seed);

}  // namespace vq
