#pragma once
// Per-site sensitivity results: plain data (no LibTorch) that the studio draws.
#include <cstdint>
#include <string>
#include <vector>

namespace vq {

struct SiteSensitivity {
  std::string site, kind;
  double sqnrDb = 0, mse = 0, cosine = 0;  // the site's tensor: float vs quantized
  double logitsSqnrDb = 0;                 // the model's logits with only this site quantized
  double top1 = 0, top1Drop = 0;           // accuracy with only this site quantized, and FP top1 minus it
};

struct SensitivityReport {
  int64_t n = 0;
  double fpTop1 = 0, quantTop1 = 0;  // float, and every site quantized
  std::vector<SiteSensitivity> sites;  // worst first: largest top-1 drop, then lowest logits SQNR
};

}  // namespace vq
