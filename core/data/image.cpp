#include "core/data/image.h"

#include "core/io/file_bytes.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"

#include <opencv2/core.hpp>
#include <opencv2/core/utils/logger.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <cstdio>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <optional>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

namespace vq {
namespace {

constexpr int64_t kMaxSide = (1ll << 31) - 1;

// Bounds-checked little/big-endian reads over the file bytes.
class Reader {
public:
  Reader(const std::string& bytes, const std::string& name, const char* format)
      : p_(reinterpret_cast<const unsigned char*>(bytes.data())), n_(bytes.size()), name_(name), format_(format) {}
  size_t size() const { return n_; }
  void need(size_t offset, size_t count) const {
    if (offset > n_ || count > n_ - offset) inputError(name_, std::string(format_) + " header is truncated");
  }
  unsigned u8(size_t o) const { need(o, 1); return p_[o]; }
  uint32_t be16(size_t o) const { need(o, 2); return (uint32_t(p_[o]) << 8) | p_[o + 1]; }
  uint32_t le16(size_t o) const { need(o, 2); return (uint32_t(p_[o + 1]) << 8) | p_[o]; }
  uint32_t be32(size_t o) const { need(o, 4); return (be16(o) << 16) | be16(o + 2); }
  uint32_t le32(size_t o) const { need(o, 4); return (le16(o + 2) << 16) | le16(o); }
  uint32_t le24(size_t o) const { need(o, 3); return (uint32_t(p_[o + 2]) << 16) | (uint32_t(p_[o + 1]) << 8) | p_[o]; }
  bool startsWith(const char* magic, size_t len, size_t at = 0) const {
    return at <= n_ && len <= n_ - at && std::memcmp(p_ + at, magic, len) == 0;
  }
  [[noreturn]] void fail(const std::string& problem) const { inputError(name_, std::string(format_) + " " + problem); }

private:
  const unsigned char* p_;
  size_t n_;
  const std::string& name_;
  const char* format_;
};

ImageInfo make(const Reader& r, const char* format, int64_t w, int64_t h) {
  if (w <= 0 || h <= 0 || w > kMaxSide || h > kMaxSide)
    r.fail("header gives an invalid size " + std::to_string(w) + "x" + std::to_string(h));
  return ImageInfo{format, w, h};
}

ImageInfo probePng(const Reader& r) {
  // signature, then the IHDR chunk: length 13, "IHDR", width, height (big-endian).
  if (r.be32(8) != 13 || !r.startsWith("IHDR", 4, 12)) r.fail("file lacks its IHDR header (corrupt)");
  return make(r, "PNG", r.be32(16), r.be32(20));
}

ImageInfo probeJpeg(const Reader& r) {
  size_t i = 2;
  for (;;) {
    if (r.u8(i) != 0xFF) r.fail("file is corrupt (no marker at byte " + std::to_string(i) + ")");
    while (r.u8(i) == 0xFF) ++i;  // fill bytes
    const unsigned marker = r.u8(i++);
    if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;  // no length field
    if (marker == 0xD9 || marker == 0xDA) r.fail("file has no frame header before its image data (corrupt)");
    const uint32_t len = r.be16(i);
    if (len < 2) r.fail("file is corrupt (segment length " + std::to_string(len) + ")");
    const bool frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (frame) {
      const uint32_t h = r.be16(i + 3), w = r.be16(i + 5);
      if (h == 0) r.fail("files whose height is given after the scan (DNL) are not supported");
      return make(r, "JPEG", w, h);
    }
    i += len;
  }
}

// libjpeg decodes a truncated file "successfully", greying out the missing rows (PIL refuses
// it). The entropy-coded data cannot contain 0xFF 0xD9 (0xFF is stuffed as 0xFF 0x00), so a
// complete file has that end-of-image marker after its first scan header.
bool jpegHasEndMarker(const Reader& r, const std::string& bytes) {
  size_t i = 2;
  for (;;) {
    if (r.u8(i) != 0xFF) return false;
    while (r.u8(i) == 0xFF) ++i;
    const unsigned marker = r.u8(i++);
    if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;
    if (marker == 0xD9) return false;
    if (marker == 0xDA) return bytes.find("\xFF\xD9", i) != std::string::npos;
    i += r.be16(i);
  }
}

ImageInfo probeBmp(const Reader& r) {
  const uint32_t dib = r.le32(14);
  if (dib == 12) return make(r, "BMP", r.le16(18), r.le16(20));  // BITMAPCOREHEADER
  if (dib < 40) r.fail("header kind (" + std::to_string(dib) + "-byte DIB header) is not supported");
  const int64_t w = static_cast<int32_t>(r.le32(18));
  const int64_t h = static_cast<int32_t>(r.le32(22));  // negative: rows stored top-down
  return make(r, "BMP", w, h < 0 ? -h : h);
}

ImageInfo probeTiff(const Reader& r) {
  const bool le = r.u8(0) == 'I';
  auto u16 = [&](size_t o) { return le ? r.le16(o) : r.be16(o); };
  auto u32 = [&](size_t o) { return le ? r.le32(o) : r.be32(o); };
  if (u16(2) == 43) r.fail("BigTIFF files are not supported");
  const size_t ifd = u32(4);
  const uint32_t entries = u16(ifd);
  int64_t w = -1, h = -1;
  for (uint32_t k = 0; k < entries; ++k) {
    const size_t e = ifd + 2 + 12 * size_t(k);
    const uint32_t tag = u16(e), type = u16(e + 2);
    if (tag != 256 && tag != 257) continue;
    int64_t v;
    if (type == 3) v = u16(e + 8);       // SHORT
    else if (type == 4) v = u32(e + 8);  // LONG
    else r.fail("image size tag has an unexpected type " + std::to_string(type));
    (tag == 256 ? w : h) = v;
  }
  if (w < 0 || h < 0) r.fail("first image lacks its width or height tag");
  return make(r, "TIFF", w, h);
}

ImageInfo probeWebp(const Reader& r) {
  if (r.startsWith("VP8 ", 4, 12)) {
    if (r.u8(23) != 0x9D || r.u8(24) != 0x01 || r.u8(25) != 0x2A) r.fail("lossy frame header is corrupt");
    return make(r, "WebP", r.le16(26) & 0x3FFF, r.le16(28) & 0x3FFF);
  }
  if (r.startsWith("VP8L", 4, 12)) {
    if (r.u8(20) != 0x2F) r.fail("lossless header is corrupt");
    const uint32_t bits = r.le32(21);
    return make(r, "WebP", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
  }
  if (r.startsWith("VP8X", 4, 12)) return make(r, "WebP", int64_t(r.le24(24)) + 1, int64_t(r.le24(27)) + 1);
  r.fail("file has an unknown chunk layout");
}

ImageInfo probePnm(const Reader& r) {
  size_t i = 2;
  auto number = [&]() -> int64_t {
    for (;;) {  // whitespace and comments
      const unsigned c = r.u8(i);
      if (c == '#') {
        while (r.u8(i) != '\n' && r.u8(i) != '\r') ++i;
      } else if (std::isspace(static_cast<int>(c))) {
        ++i;
      } else {
        break;
      }
    }
    int64_t v = 0;
    int digits = 0;
    while (i < r.size() && std::isdigit(static_cast<int>(r.u8(i)))) {
      if (++digits > 10) r.fail("header holds an absurd size");
      v = v * 10 + (r.u8(i++) - '0');
    }
    if (digits == 0) r.fail("header is corrupt");
    return v;
  };
  const int64_t w = number();
  const int64_t h = number();
  return make(r, "PNM", w, h);
}

// OpenCV reports decoder problems on stderr through its logger; our errors carry the message.
void silenceOpenCvLogging() {
  static std::once_flag once;
  std::call_once(once, [] { cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_SILENT); });
}

// OpenCV creates its libpng and libjpeg decoders with their default message handlers, which
// print "libpng error: ...", "libpng warning: iCCP: ..." or "Corrupt JPEG data: ..." straight to
// stderr, and offers no way to install others. Our callers promise one error line on stderr, so
// file descriptor 2 points at /dev/null while any PNG or JPEG decode is running (reference
// counted, so parallel decodes share one redirection). The price: another thread's stderr output
// written during a decode is lost. Linking libpng/libjpeg directly with silent handlers would
// avoid this; see the data module's notes.
class QuietStderr {
public:
  QuietStderr() {
    std::lock_guard<std::mutex> lock(mutex());
    if (depth()++ == 0) {
      std::fflush(stderr);
      saved() = ::dup(2);
      const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
      if (saved() >= 0 && null >= 0) ::dup2(null, 2);
      if (null >= 0) ::close(null);
    }
  }
  ~QuietStderr() {
    std::lock_guard<std::mutex> lock(mutex());
    if (--depth() == 0 && saved() >= 0) {
      std::fflush(stderr);
      ::dup2(saved(), 2);
      ::close(saved());
      saved() = -1;
    }
  }
  QuietStderr(const QuietStderr&) = delete;
  QuietStderr& operator=(const QuietStderr&) = delete;

private:
  static std::mutex& mutex() {
    static std::mutex m;
    return m;
  }
  static int& depth() {
    static int d = 0;
    return d;
  }
  static int& saved() {
    static int fd = -1;
    return fd;
  }
};

}  // namespace

ImageInfo probeImage(const std::string& bytes, const std::string& name) {
  if (bytes.empty()) inputError(name, "file is empty");
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  auto starts = [&](const char* magic, size_t len) { return n >= len && std::memcmp(p, magic, len) == 0; };
  if (starts("\x89PNG\r\n\x1a\n", 8)) return probePng(Reader(bytes, name, "PNG"));
  if (starts("\xFF\xD8\xFF", 3)) return probeJpeg(Reader(bytes, name, "JPEG"));
  if (starts("BM", 2)) return probeBmp(Reader(bytes, name, "BMP"));
  if (starts("II*\0", 4) || starts("MM\0*", 4) || starts("II+\0", 4) || starts("MM\0+", 4))
    return probeTiff(Reader(bytes, name, "TIFF"));
  if (starts("RIFF", 4) && n >= 12 && std::memcmp(p + 8, "WEBP", 4) == 0) return probeWebp(Reader(bytes, name, "WebP"));
  if (n >= 2 && p[0] == 'P' && p[1] >= '1' && p[1] <= '6') return probePnm(Reader(bytes, name, "PNM"));
  inputError(name, "not an image in a supported format (PNG, JPEG, BMP, TIFF, WebP, PNM)");
}

torch::Tensor decodeImage(const std::string& bytes, const std::string& name, int64_t maxPixels) {
  const ImageInfo info = probeImage(bytes, name);
  if (info.width * info.height > maxPixels)  // both <= 2^31: no overflow
    inputError(name, info.format + " image is " + std::to_string(info.width) + "x" + std::to_string(info.height) +
                         " pixels, more than the budget of " + std::to_string(maxPixels) + " pixels");
  if (info.format == "JPEG" && !jpegHasEndMarker(Reader(bytes, name, "JPEG"), bytes))
    inputError(name, "JPEG file is truncated (no end-of-image marker after its image data)");
  silenceOpenCvLogging();
  cv::Mat decoded;
  try {
    std::optional<QuietStderr> quiet;
    if (info.format == "PNG" || info.format == "JPEG") quiet.emplace();
    const cv::Mat raw(1, static_cast<int>(bytes.size()), CV_8UC1, const_cast<char*>(bytes.data()));
    decoded = cv::imdecode(raw, cv::IMREAD_UNCHANGED);  // keeps grey, alpha and 16 bits; ignores EXIF orientation
  } catch (const cv::Exception& e) {
    inputError(name, "cannot decode the " + info.format + " image (" + e.err + ")");
  }
  if (decoded.empty() || decoded.dims != 2)
    inputError(name, "cannot decode the " + info.format + " image (corrupt or truncated file)");
  if (int64_t(decoded.rows) * decoded.cols > maxPixels)
    inputError(name, "decoded image is larger than its header says (" + std::to_string(decoded.cols) + "x" +
                         std::to_string(decoded.rows) + ")");

  cv::Mat eight;
  if (decoded.depth() == CV_8U) eight = decoded;
  else if (decoded.depth() == CV_16U) decoded.convertTo(eight, CV_8U, 1.0 / 257.0);
  else inputError(name, info.format + " image has an unsupported sample type (only 8- and 16-bit images)");

  cv::Mat rgb;
  try {
    switch (eight.channels()) {
      case 1: cv::cvtColor(eight, rgb, cv::COLOR_GRAY2RGB); break;
      case 2: {
        cv::Mat grey;
        cv::extractChannel(eight, grey, 0);
        cv::cvtColor(grey, rgb, cv::COLOR_GRAY2RGB);
        break;
      }
      case 3: cv::cvtColor(eight, rgb, cv::COLOR_BGR2RGB); break;
      case 4: cv::cvtColor(eight, rgb, cv::COLOR_BGRA2RGB); break;
      default: inputError(name, info.format + " image has " + std::to_string(eight.channels()) + " channels");
    }
  } catch (const cv::Exception& e) {
    inputError(name, "cannot convert the " + info.format + " image to RGB (" + e.err + ")");
  }
  if (!rgb.isContinuous()) rgb = rgb.clone();
  return torch::from_blob(rgb.data, {rgb.rows, rgb.cols, 3}, torch::TensorOptions().dtype(torch::kUInt8)).clone();
}

torch::Tensor readImage(const std::string& path, int64_t maxPixels) {
  return decodeImage(readFileBytes(path, kMaxImageFileBytes), path, maxPixels);
}

std::string encodeImage(const torch::Tensor& image, const std::string& format) {
  TORCH_CHECK(image.scalar_type() == torch::kUInt8, "encodeImage: expects uint8 pixels");
  TORCH_CHECK(image.dim() == 2 || (image.dim() == 3 && (image.size(2) == 1 || image.size(2) == 3 || image.size(2) == 4)),
              "encodeImage: expects [H,W], [H,W,1], [H,W,3] or [H,W,4]");
  TORCH_CHECK(image.size(0) > 0 && image.size(1) > 0, "encodeImage: empty image");
  TORCH_CHECK(format == "png" || format == "bmp" || format == "jpg", "encodeImage: format must be png, bmp or jpg");
  const auto c = image.contiguous().to(torch::kCPU);
  const int channels = c.dim() == 2 ? 1 : static_cast<int>(c.size(2));
  const cv::Mat view(static_cast<int>(c.size(0)), static_cast<int>(c.size(1)), CV_8UC(channels), c.data_ptr());
  cv::Mat bgr;
  if (channels == 3) cv::cvtColor(view, bgr, cv::COLOR_RGB2BGR);
  else if (channels == 4) cv::cvtColor(view, bgr, cv::COLOR_RGBA2BGRA);
  else bgr = view;
  std::vector<uchar> out;
  if (!cv::imencode("." + format, bgr, out)) throw Error(ErrorKind::Input, "cannot encode image as " + format);
  return std::string(out.begin(), out.end());
}

void writeImage(const std::string& path, const torch::Tensor& image) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char ch) { return std::tolower(ch); });
  std::string format;
  if (ext == ".png") format = "png";
  else if (ext == ".bmp") format = "bmp";
  else if (ext == ".jpg" || ext == ".jpeg") format = "jpg";
  else usageError(path + ": unknown image extension (use .png, .bmp or .jpg)");
  writeFileAtomically(path, encodeImage(image, format));
}

}  // namespace vq
