#pragma once
// Q-ViT's information view of attention (docs/design/methods.md §2.3, the paper's Fig. 1): per layer and head,
//   - the entropy (bits) of the quantized query and key codes: how much of the b-bit grid the codes use
//     (at most b bits, reached when every code is equally frequent);
//   - the mean entropy (bits) of the attention distributions (each query's row of softmax probabilities).
// A float model's q/k codes are those of a per-head min-max b-bit quantizer (what basic PTQ gives them);
// a quantized model's are its own quantizers' (after the IRM when it has one).
// Also the attention maps of one image — class token to patches, per head and averaged, resized to the
// input — ready to lay over the image.
#include "core/quant/quant_model.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace vq {

struct LayerEntropy {
  std::string layer;  // the attention module, e.g. "blocks.3.attn"
  std::vector<double> q, k, attention;  // per head
};

struct EntropyProfile {
  int bits = 0;  // of the q/k codes
  std::vector<LayerEntropy> layers;
  double meanQ = 0, meanK = 0, meanAttention = 0;
};

// `images` preprocessed [N,C,H,W].
EntropyProfile floatEntropy(VisionModel& model, const torch::Tensor& images, int bits);
EntropyProfile quantizedEntropy(QuantizedModel& qm, const torch::Tensor& images);

// Shannon entropy (bits) of the distinct values of `values`.
double codeEntropy(const torch::Tensor& values);

struct AttentionMaps {
  std::string layer;
  int64_t height = 0, width = 0;             // the model's input size
  torch::Tensor perHead;                     // [H, height, width], each map sums to 1 before resizing
  torch::Tensor mean;                        // [height, width]
};

// The attention of one preprocessed image [1,C,H,W] at `layer` ("" = the last layer that has maps): the
// class token's attention to the patches, or, without a class token, the attention each patch receives
// (mean over the queries) when the layer's window covers the whole map. Throws vq::Error(Usage) naming
// the layer when it has no map.
AttentionMaps attentionMaps(VisionModel& model, const torch::Tensor& image, const std::string& layer = "");

// Every layer whose attention covers the whole image, in forward order (one forward pass).
std::vector<AttentionMaps> everyAttentionMap(VisionModel& model, const torch::Tensor& image);

// A preprocessed image ([1,C,H,W] or [C,H,W]) back in display colours: uint8 [H,W,3], the pixels the
// maps lie over.
torch::Tensor displayImage(const torch::Tensor& preprocessed, const PretrainedCfg& cfg);

// What the studio's entropy view draws: the float model and a quantized run (and optionally a second run
// to compare with, e.g. the QAT baseline against the IRM run) measured on the same images, and one
// image's maps under the float model and the run.
struct EntropyStudy {
  std::string runLabel, compareLabel;  // compareLabel empty: no comparison run
  EntropyProfile fp, run, compare;
  int64_t images = 0;
  std::string imageName;               // the file, or "<data> #<index>"
  torch::Tensor picture;               // uint8 [H,W,3]
  std::vector<AttentionMaps> fpMaps, runMaps;
};

nlohmann::json toJson(const EntropyProfile& profile);
nlohmann::json toJson(const AttentionMaps& maps);

}  // namespace vq
