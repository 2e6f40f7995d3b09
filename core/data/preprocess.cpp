#include "core/data/preprocess.h"

#include "core/data/image.h"
#include "core/util/error.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace vq {
namespace {

namespace F = torch::nn::functional;

constexpr int64_t kStripElements = 1 << 22;  // floats per resampling strip (16 MB)

// round(d / 2.0) as Python rounds it (half to even), for d >= 0.
int64_t halfRoundedEven(int64_t d) {
  int64_t q = d / 2;
  if ((d % 2) != 0 && (q % 2) != 0) ++q;
  return q;
}

F::InterpolateFuncOptions resizeOptions(int64_t h, int64_t w, Interpolation mode) {
  auto o = F::InterpolateFuncOptions().size(std::vector<int64_t>{h, w});
  switch (mode) {
    case Interpolation::Nearest: return o.mode(torch::kNearestExact).align_corners(false);  // (ignored; avoids a warning)
    case Interpolation::Bilinear: return o.mode(torch::kBilinear).align_corners(false).antialias(true);
    case Interpolation::Bicubic: return o.mode(torch::kBicubic).align_corners(false).antialias(true);
  }
  return o;
}

// Resamples float planes [P,h,w] (integer values 0..255) to [P,outH,outW] and rounds to 8-bit
// levels, as PIL does after each pass.
torch::Tensor resampleRounded(const torch::Tensor& planes, int64_t outH, int64_t outW, Interpolation mode) {
  auto y = F::interpolate(planes.unsqueeze(0), resizeOptions(outH, outW, mode)).squeeze(0);
  return y.add_(0.5).floor_().clamp_(0, 255);
}

// uint8 planes [P,H,W] -> float [P,outH,outW] holding 8-bit levels. Width first, then height, in
// strips (rows for the horizontal pass, columns for the vertical one), so memory stays bounded;
// each pass is independent per row / column, so strips give exactly the whole-image result.
torch::Tensor resizePlanes(const torch::Tensor& planes, int64_t outH, int64_t outW, Interpolation mode) {
  const int64_t P = planes.size(0), H = planes.size(1), W = planes.size(2);
  torch::Tensor wide = planes;  // uint8 [P,H,outW]
  if (outW != W) {
    wide = torch::empty({P, H, outW}, planes.options());
    const int64_t rows = std::max<int64_t>(1, kStripElements / (P * std::max(W, outW)));
    for (int64_t r0 = 0; r0 < H; r0 += rows) {
      const int64_t n = std::min(rows, H - r0);
      wide.narrow(1, r0, n).copy_(resampleRounded(planes.narrow(1, r0, n).to(torch::kFloat32), n, outW, mode));
    }
  }
  if (outH == H) return wide.to(torch::kFloat32);
  auto out = torch::empty({P, outH, outW}, torch::TensorOptions().dtype(torch::kFloat32));
  const int64_t cols = std::max<int64_t>(1, kStripElements / (P * std::max(H, outH)));
  for (int64_t c0 = 0; c0 < outW; c0 += cols) {
    const int64_t n = std::min(cols, outW - c0);
    out.narrow(2, c0, n).copy_(resampleRounded(wide.narrow(2, c0, n).to(torch::kFloat32), outH, n, mode));
  }
  return out;
}

// The shared pipeline: uint8 [N,c,H,W] with c in {1,3} -> float32 [N,C,outH,outW].
torch::Tensor preprocessPlanes(torch::Tensor x, const PretrainedCfg& cfg, const std::string& name) {
  const int64_t N = x.size(0), H = x.size(2), W = x.size(3);
  const EvalGeometry g = evalGeometry(H, W, cfg);
  if (g.resizeHeight * g.resizeWidth > kDefaultMaxImagePixels)
    inputError(name, "image of " + std::to_string(W) + "x" + std::to_string(H) + " pixels would be resized to " +
                         std::to_string(g.resizeWidth) + "x" + std::to_string(g.resizeHeight) +
                         " (aspect ratio too extreme for this model)");
  if (g.channels == 1 && x.size(1) == 3) {  // PIL's RGB -> L: (R*19595 + G*38470 + B*7471 + 0x8000) >> 16
    auto i = x.to(torch::kInt32);
    x = ((i.select(1, 0) * 19595 + i.select(1, 1) * 38470 + i.select(1, 2) * 7471 + 0x8000).bitwise_right_shift(16))
            .to(torch::kUInt8)
            .unsqueeze(1);
  }
  const int64_t c = x.size(1);
  auto resized = resizePlanes(x.reshape({N * c, H, W}), g.resizeHeight, g.resizeWidth, g.interpolation)
                     .view({N, c, g.resizeHeight, g.resizeWidth});

  // Centre crop; rows/columns outside the resized image are zero (torchvision pads with 0).
  torch::Tensor cropped;
  const int64_t y0 = std::max<int64_t>(0, g.cropTop), y1 = std::min(g.resizeHeight, g.cropTop + g.outHeight);
  const int64_t x0 = std::max<int64_t>(0, g.cropLeft), x1 = std::min(g.resizeWidth, g.cropLeft + g.outWidth);
  if (g.cropTop >= 0 && g.cropLeft >= 0 && y1 - y0 == g.outHeight && x1 - x0 == g.outWidth) {
    cropped = resized.narrow(2, y0, g.outHeight).narrow(3, x0, g.outWidth);
  } else {
    cropped = torch::zeros({N, c, g.outHeight, g.outWidth}, resized.options());
    cropped.narrow(2, y0 - g.cropTop, y1 - y0)
        .narrow(3, x0 - g.cropLeft, x1 - x0)
        .copy_(resized.narrow(2, y0, y1 - y0).narrow(3, x0, x1 - x0));
  }

  // ToTensor and Normalize, in float32 and in torchvision's order. A grey image meets a 3-channel
  // mean/std here: broadcasting makes the 3 channels without normalising 3 copies.
  const auto f32 = torch::TensorOptions().dtype(torch::kFloat32);
  auto mean = torch::tensor(std::vector<float>(cfg.mean.begin(), cfg.mean.end()), f32).view({1, -1, 1, 1});
  auto stdev = torch::tensor(std::vector<float>(cfg.std.begin(), cfg.std.end()), f32).view({1, -1, 1, 1});
  return cropped.div(255).sub(mean).div_(stdev).contiguous();  // (already contiguous: a no-op)
}

}  // namespace

Interpolation parseInterpolation(const std::string& name, const std::string& source) {
  if (name == "bicubic") return Interpolation::Bicubic;
  if (name == "bilinear") return Interpolation::Bilinear;
  if (name == "nearest") return Interpolation::Nearest;
  inputError(source, "interpolation '" + name + "' is not bicubic, bilinear or nearest");
}

void checkPretrainedCfg(const PretrainedCfg& cfg, const std::string& source) {
  if (cfg.inputSize.size() != 3) inputError(source, "input_size must be [C, H, W]");
  const int64_t C = cfg.inputSize[0];
  if (C != 1 && C != 3) inputError(source, "input_size must have 1 or 3 channels, not " + std::to_string(C));
  for (int i = 1; i < 3; ++i)
    if (cfg.inputSize[i] < 1 || cfg.inputSize[i] > 8192) inputError(source, "input_size H and W must lie in 1..8192");
  if (static_cast<int64_t>(cfg.mean.size()) != C || static_cast<int64_t>(cfg.std.size()) != C)
    inputError(source, "mean and std must have one value per channel (" + std::to_string(C) + ")");
  for (double m : cfg.mean)
    if (!std::isfinite(m)) inputError(source, "mean must be finite");
  for (double s : cfg.std)
    if (!(s > 0) || !std::isfinite(s)) inputError(source, "std must be positive");
  if (!(cfg.cropPct > 0.05 && cfg.cropPct <= 1.0)) inputError(source, "crop_pct must lie in (0.05, 1]");
  parseInterpolation(cfg.interpolation, source);
}

EvalGeometry evalGeometry(int64_t srcHeight, int64_t srcWidth, const PretrainedCfg& cfg) {
  checkPretrainedCfg(cfg);
  TORCH_CHECK(srcHeight > 0 && srcWidth > 0 && srcHeight <= (1ll << 31) && srcWidth <= (1ll << 31),
              "evalGeometry: bad source size");
  EvalGeometry g;
  g.channels = cfg.inputSize[0];
  g.outHeight = cfg.inputSize[1];
  g.outWidth = cfg.inputSize[2];
  g.interpolation = parseInterpolation(cfg.interpolation);
  if (g.outHeight == g.outWidth) {
    // torchvision Resize(int): shorter side -> s, longer side -> int(s * long / short).
    const auto s = static_cast<int64_t>(std::floor(static_cast<double>(g.outHeight) / cfg.cropPct));
    if (srcWidth <= srcHeight) {
      g.resizeWidth = s;
      g.resizeHeight = static_cast<int64_t>(static_cast<double>(s * srcHeight) / static_cast<double>(srcWidth));
    } else {
      g.resizeHeight = s;
      g.resizeWidth = static_cast<int64_t>(static_cast<double>(s * srcWidth) / static_cast<double>(srcHeight));
    }
  } else {
    // timm's ResizeKeepRatio(scale_size): one ratio for both sides, Python round(), bilinear.
    const double th = std::floor(static_cast<double>(g.outHeight) / cfg.cropPct);
    const double tw = std::floor(static_cast<double>(g.outWidth) / cfg.cropPct);
    const double ratio = std::min(static_cast<double>(srcHeight) / th, static_cast<double>(srcWidth) / tw);
    g.resizeHeight = std::max<int64_t>(1, static_cast<int64_t>(std::nearbyint(static_cast<double>(srcHeight) / ratio)));
    g.resizeWidth = std::max<int64_t>(1, static_cast<int64_t>(std::nearbyint(static_cast<double>(srcWidth) / ratio)));
    g.interpolation = Interpolation::Bilinear;
  }
  // torchvision CenterCrop: pad symmetrically when the crop is larger, else offset round((in - crop) / 2).
  g.cropTop = g.resizeHeight >= g.outHeight ? halfRoundedEven(g.resizeHeight - g.outHeight)
                                            : -((g.outHeight - g.resizeHeight) / 2);
  g.cropLeft = g.resizeWidth >= g.outWidth ? halfRoundedEven(g.resizeWidth - g.outWidth)
                                           : -((g.outWidth - g.resizeWidth) / 2);
  return g;
}

torch::Tensor preprocessImage(const torch::Tensor& image, const PretrainedCfg& cfg, const std::string& name) {
  TORCH_CHECK(image.scalar_type() == torch::kUInt8, "preprocessImage: expects uint8 pixels");
  torch::Tensor x;
  if (image.dim() == 2) x = image.unsqueeze(0).unsqueeze(0);
  else if (image.dim() == 3 && (image.size(2) == 1 || image.size(2) == 3)) x = image.permute({2, 0, 1}).unsqueeze(0);
  else TORCH_CHECK(false, "preprocessImage: expects [H,W], [H,W,1] or [H,W,3]");
  TORCH_CHECK(x.size(2) > 0 && x.size(3) > 0, "preprocessImage: empty image");
  return preprocessPlanes(x.cpu().contiguous(), cfg, name).squeeze(0);
}

torch::Tensor preprocessBatch(const torch::Tensor& images, const PretrainedCfg& cfg, const std::string& name) {
  TORCH_CHECK(images.scalar_type() == torch::kUInt8, "preprocessBatch: expects uint8 pixels");
  torch::Tensor x;
  if (images.dim() == 3) x = images.unsqueeze(1);
  else if (images.dim() == 4 && (images.size(3) == 1 || images.size(3) == 3)) x = images.permute({0, 3, 1, 2});
  else TORCH_CHECK(false, "preprocessBatch: expects [N,H,W] or [N,H,W,3]");
  TORCH_CHECK(x.size(0) > 0 && x.size(2) > 0 && x.size(3) > 0, "preprocessBatch: empty batch");
  return preprocessPlanes(x.cpu().contiguous(), cfg, name);
}

torch::Tensor randomCropFlip(const torch::Tensor& images, int64_t pad, torch::Generator generator, bool hflip,
                             double fill) {
  TORCH_CHECK(images.dim() == 3 || images.dim() == 4, "randomCropFlip: expects [N,H,W] or [N,C,H,W]");
  TORCH_CHECK(pad >= 0 && pad <= 256, "randomCropFlip: pad must lie in 0..256");
  const auto x = images.dim() == 3 ? images.unsqueeze(1) : images;
  const int64_t N = x.size(0), C = x.size(1), H = x.size(2), W = x.size(3);
  const auto dy = torch::randint(0, 2 * pad + 1, {N}, generator);
  const auto dx = torch::randint(0, 2 * pad + 1, {N}, generator);
  const auto flip = torch::randint(0, 2, {N}, generator);
  auto padded = torch::full({N, C, H + 2 * pad, W + 2 * pad}, fill, x.options());
  padded.narrow(2, pad, H).narrow(3, pad, W).copy_(x);
  auto out = torch::empty_like(x, torch::MemoryFormat::Contiguous);
  const auto ay = dy.accessor<int64_t, 1>(), ax = dx.accessor<int64_t, 1>(), af = flip.accessor<int64_t, 1>();
  for (int64_t i = 0; i < N; ++i) {
    auto crop = padded[i].narrow(1, ay[i], H).narrow(2, ax[i], W);
    out[i].copy_(hflip && af[i] ? crop.flip({2}) : crop);
  }
  return images.dim() == 3 ? out.squeeze(1) : out;
}

torch::Generator makeGenerator(uint64_t seed) { return at::detail::createCPUGenerator(seed); }

}  // namespace vq
