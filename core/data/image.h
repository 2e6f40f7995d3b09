#pragma once
// Image files: a header probe that refuses oversized images before a single pixel is decoded,
// decoding through OpenCV (private to core, never in a public header), and encoders for tests
// and exports.
//
// Supported for reading: PNG, JPEG, BMP, TIFF, WebP and PNM (PBM/PGM/PPM). Other formats are
// refused, because their size cannot be checked before decoding. Decoding follows what timm's
// loader does with PIL (`Image.open(f).convert("RGB")`): grey is replicated to RGB, an alpha
// channel is dropped (not composited), palette images are expanded, 16-bit samples are scaled
// to 8 bits (v / 257, rounded), and EXIF orientation is ignored.
#include <torch/types.h>

#include <cstdint>
#include <string>

namespace vq {

constexpr int64_t kDefaultMaxImagePixels = 64'000'000;  // 64 megapixels
constexpr uint64_t kMaxImageFileBytes = 512ull << 20;   // files above 512 MiB are refused unread

struct ImageInfo {
  std::string format;  // "PNG", "JPEG", "BMP", "TIFF", "WebP" or "PNM"
  int64_t width = 0;
  int64_t height = 0;
};

// Reads the format and size from the header alone. Throws vq::Error(Input) "<name>: <problem>"
// for empty, truncated, corrupt-header or unsupported files.
ImageInfo probeImage(const std::string& bytes, const std::string& name);

// Loads an image as RGB uint8 [H,W,3]. Images of more than maxPixels pixels are refused after
// reading the header and before decoding. Throws vq::Error(Input) naming the file on any problem.
torch::Tensor readImage(const std::string& path, int64_t maxPixels = kDefaultMaxImagePixels);
torch::Tensor decodeImage(const std::string& bytes, const std::string& name,
                          int64_t maxPixels = kDefaultMaxImagePixels);

// Encodes uint8 [H,W] or [H,W,1] (grey), [H,W,3] (RGB) or [H,W,4] (RGBA) as "png", "bmp" or "jpg".
std::string encodeImage(const torch::Tensor& image, const std::string& format = "png");

// Writes an image atomically; the format follows the extension (.png, .bmp, .jpg, .jpeg).
void writeImage(const std::string& path, const torch::Tensor& image);

}  // namespace vq
