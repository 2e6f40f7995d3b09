#pragma once
// Reader for IDX files, the format of MNIST and Fashion-MNIST, plain or gzip-compressed.
//
// Layout (big-endian): two zero bytes, a type byte (0x08 = unsigned byte, the only type
// supported), a byte giving the number of dimensions, one uint32 per dimension, then the
// elements in row-major order. Images are magic 0x00000803 [N, rows, cols]; labels are magic
// 0x00000801 [N].
//
// Hostile files are refused before anything large is allocated: every dimension must be
// positive, the element count at most 2^31, the payload exactly the product of the dimensions
// (no missing and no trailing bytes), and a gzip stream is inflated incrementally and stopped
// as soon as it yields more than the header promises (+16 bytes of header) or kMaxIdxBytes:
// a decompression bomb costs a few kilobytes of work, not gigabytes of memory.
#include <torch/types.h>

#include <cstdint>
#include <string>

namespace vq {

constexpr uint64_t kMaxIdxBytes = 1ull << 30;         // hard cap on a (decompressed) IDX file
constexpr uint64_t kMaxIdxElements = 1ull << 31;      // hard cap on the element count

// Reads an IDX file of unsigned bytes with exactly `rank` dimensions (3 for images, 1 for labels).
// Returns a uint8 tensor shaped as the header says. gzip is recognised by its magic bytes, not by
// the file name. Throws vq::Error(Input) "<path>: <problem>" on any problem.
torch::Tensor readIdx(const std::string& path, int rank);
inline torch::Tensor readIdxImages(const std::string& path) { return readIdx(path, 3); }  // [N,rows,cols]
inline torch::Tensor readIdxLabels(const std::string& path) { return readIdx(path, 1); }  // [N]

// The same on a file already in memory (plain or gzip bytes); `name` is used in messages.
torch::Tensor parseIdx(const std::string& fileBytes, const std::string& name, int rank);

// Serialises a uint8 tensor of 1..4 dimensions as a plain IDX file (the inverse of parseIdx).
std::string serializeIdx(const torch::Tensor& data);

}  // namespace vq
