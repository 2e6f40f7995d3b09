#pragma once
// What reconstruction did to one unit, as methods report it (brecq, isvit's stages, modcap).
#include <string>
#include <vector>

namespace vq {

struct UnitReport {
  std::string path;              // "blocks.3" or "blocks.3+blocks.4"
  double lossBefore = 0;         // output MSE (summed over dim 1, mean over the rest) with round-to-nearest
  double lossAfter = 0;          // the same after reconstruction
  std::vector<double> lossCurve; // training loss, ~50 points
  double seconds = 0;
};

}  // namespace vq
