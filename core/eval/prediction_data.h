#pragma once
// Predictions as plain data (no LibTorch): what the CLI prints and the studio's inference tab shows.
#include <cstdint>
#include <string>
#include <vector>

namespace vq {

struct ClassScore {
  int64_t index = 0;
  std::string label;  // the config's label name, or the index as text
  double probability = 0;
};

// One input answered by several models ("float", "quantized", "integer").
struct ComparedItem {
  std::string name;        // the image file, or "<data set item>"
  int64_t label = -1;      // the true class when known
  std::string labelName;
  std::vector<std::vector<ClassScore>> answers;  // per model, top-k
  // The image as stored, for thumbnails: uint8 rows × cols × channels (1 or 3), row-major; empty if unknown.
  std::vector<uint8_t> pixels;
  int height = 0, width = 0, channels = 0;
};

struct PredictionComparison {
  std::vector<std::string> models;  // names of the answering models, in answer order
  std::vector<double> msPerImage;   // per model: forward time over the whole batch / images
  std::vector<ComparedItem> items;
};

}  // namespace vq
