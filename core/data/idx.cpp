#include "core/data/idx.h"

#include "core/io/file_bytes.h"
#include "core/util/error.h"

#include <torch/torch.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <vector>

namespace vq {
namespace {

constexpr size_t kInitialInflateBuffer = 64 * 1024;

uint32_t be32(const unsigned char* p) {
  return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]);
}

std::string hex32(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08X", v);
  return buf;
}

std::string rankName(int rank) {
  return rank == 3 ? "an images file, magic 0x00000803" : rank == 1 ? "a labels file, magic 0x00000801"
                                                                    : std::to_string(rank) + " dimensions";
}

struct IdxHeader {
  std::vector<int64_t> dims;
  uint64_t headerBytes = 0;
  uint64_t payloadBytes = 0;
  uint64_t totalBytes() const { return headerBytes + payloadBytes; }
};

// Parses the header from the first n bytes of the (decompressed) file. Returns false when more
// bytes are needed to decide; throws on anything invalid.
bool parseHeader(const unsigned char* p, size_t n, const std::string& name, int rank, IdxHeader& out) {
  if (n < 4) return false;
  const uint32_t magic = be32(p);
  if (p[0] != 0 || p[1] != 0) inputError(name, "not an IDX file (magic " + hex32(magic) + ")");
  if (p[2] != 0x08)
    inputError(name, "IDX element type 0x" + hex32(p[2]).substr(8) + " (magic " + hex32(magic) +
                         ") is not supported; only unsigned bytes (0x08) are");
  const int fileRank = p[3];
  if (fileRank != rank)
    inputError(name, "IDX file has " + std::to_string(fileRank) + " dimension(s) (magic " + hex32(magic) +
                         "); expected " + rankName(rank));
  const uint64_t headerBytes = 4 + 4 * uint64_t(rank);
  if (n < headerBytes) return false;

  std::vector<int64_t> dims;
  std::string dimText;
  uint64_t numel = 1;
  bool tooMany = false;
  for (int d = 0; d < rank; ++d) {
    const uint32_t v = be32(p + 4 + 4 * d);
    dimText += (d ? " x " : "") + std::to_string(v);
    if (v == 0) inputError(name, "IDX dimension " + std::to_string(d) + " is 0");
    if (!tooMany) {
      numel *= v;  // numel <= 2^31 and v < 2^32 before this product: no overflow
      tooMany = numel > kMaxIdxElements;
    }
    dims.push_back(v);
  }
  if (tooMany) inputError(name, "IDX dimensions " + dimText + " hold more than 2^31 elements");
  if (headerBytes + numel > kMaxIdxBytes)
    inputError(name, "IDX dimensions " + dimText + " need " + std::to_string(headerBytes + numel) +
                         " bytes, more than the " + std::to_string(kMaxIdxBytes) + "-byte limit");
  out.dims = std::move(dims);
  out.headerBytes = headerBytes;
  out.payloadBytes = numel;
  return true;
}

std::string describe(const IdxHeader& h) {
  std::string s;
  for (size_t i = 0; i < h.dims.size(); ++i) s += (i ? " x " : "") + std::to_string(h.dims[i]);
  return s;
}

torch::Tensor toTensor(const unsigned char* data, size_t size, const IdxHeader& h, const std::string& name) {
  const uint64_t payload = size - h.headerBytes;
  if (payload != h.payloadBytes)
    inputError(name, "IDX payload is " + std::to_string(payload) + " bytes; the header (" + describe(h) +
                         ") promises " + std::to_string(h.payloadBytes) + (payload < h.payloadBytes ? " (truncated file)" : ""));
  auto t = torch::empty(h.dims, torch::TensorOptions().dtype(torch::kUInt8));
  std::memcpy(t.data_ptr(), data + h.headerBytes, h.payloadBytes);
  return t;
}

struct Inflater {
  z_stream zs{};
  bool open = false;
  ~Inflater() {
    if (open) inflateEnd(&zs);
  }
};

// Inflates a gzip stream (one or more members) incrementally, reading the IDX header as soon as
// it appears and never producing more than the header promises (+1 byte to detect the excess).
torch::Tensor parseGzipIdx(const std::string& bytes, const std::string& name, int rank) {
  if (bytes.size() > kMaxIdxBytes) inputError(name, "gzip file is larger than the 1 GiB limit");
  Inflater inf;
  if (inflateInit2(&inf.zs, 15 + 16) != Z_OK) inputError(name, "cannot initialise zlib");
  inf.open = true;
  inf.zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  inf.zs.avail_in = static_cast<uInt>(bytes.size());

  IdxHeader header;
  bool haveHeader = false;
  uint64_t limit = kMaxIdxBytes;  // the most output we accept; becomes the header's promise
  std::string out;
  size_t produced = 0;
  for (;;) {
    if (produced == out.size()) {
      const uint64_t cap = limit + 1;  // room for one byte too many, so that an excess is detected
      if (out.size() >= cap) break;    // full: the excess check below reports it
      out.resize(static_cast<size_t>(std::min<uint64_t>(std::max<uint64_t>(out.size() * 2, kInitialInflateBuffer), cap)));
    }
    inf.zs.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    inf.zs.avail_out = static_cast<uInt>(out.size() - produced);
    const int ret = inflate(&inf.zs, Z_NO_FLUSH);
    produced = out.size() - inf.zs.avail_out;
    if (!haveHeader && parseHeader(reinterpret_cast<const unsigned char*>(out.data()), produced, name, rank, header)) {
      haveHeader = true;
      limit = header.totalBytes();
    }
    if (produced > limit) break;
    if (ret == Z_STREAM_END) {
      if (inf.zs.avail_in == 0) break;
      inflateReset(&inf.zs);  // another gzip member follows
      continue;
    }
    if (ret == Z_BUF_ERROR && inf.zs.avail_in == 0) inputError(name, "gzip stream is truncated");
    if (ret != Z_OK && ret != Z_BUF_ERROR)
      inputError(name, std::string("gzip stream is corrupt (zlib: ") + (inf.zs.msg ? inf.zs.msg : "error " + std::to_string(ret)) + ")");
  }
  if (produced > limit)
    inputError(name, haveHeader ? "gzip stream inflates to more than the " + std::to_string(limit) +
                                      " bytes its IDX header (" + describe(header) +
                                      ") promises; refused (decompression bomb or corrupt file)"
                                : "gzip stream inflates to more than " + std::to_string(limit) + " bytes; refused");
  if (!haveHeader)
    inputError(name, "too short for an IDX header (" + std::to_string(produced) + " bytes after decompression)");
  return toTensor(reinterpret_cast<const unsigned char*>(out.data()), produced, header, name);
}

}  // namespace

torch::Tensor parseIdx(const std::string& bytes, const std::string& name, int rank) {
  TORCH_CHECK(rank >= 1 && rank <= 4, "parseIdx: rank must be 1..4");
  if (bytes.empty()) inputError(name, "file is empty");
  if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f && static_cast<unsigned char>(bytes[1]) == 0x8b)
    return parseGzipIdx(bytes, name, rank);
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  IdxHeader header;
  if (!parseHeader(p, bytes.size(), name, rank, header))
    inputError(name, "too short for an IDX header (" + std::to_string(bytes.size()) + " bytes)");
  return toTensor(p, bytes.size(), header, name);
}

torch::Tensor readIdx(const std::string& path, int rank) {
  return parseIdx(readFileBytes(path, kMaxIdxBytes), path, rank);
}

std::string serializeIdx(const torch::Tensor& data) {
  TORCH_CHECK(data.scalar_type() == torch::kUInt8 && data.dim() >= 1 && data.dim() <= 4,
              "serializeIdx: expects a uint8 tensor of 1..4 dimensions");
  const auto c = data.contiguous();
  std::string out;
  out.push_back(0);
  out.push_back(0);
  out.push_back(0x08);
  out.push_back(static_cast<char>(c.dim()));
  for (int64_t d : c.sizes()) {
    TORCH_CHECK(d > 0 && d <= 0xffffffffLL, "serializeIdx: dimensions must be in 1..2^32-1");
    for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<char>((uint64_t(d) >> s) & 0xff));
  }
  out.append(static_cast<const char*>(c.data_ptr()), static_cast<size_t>(c.numel()));
  return out;
}

}  // namespace vq
