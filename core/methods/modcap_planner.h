#pragma once
// The planner of the oscillation-aware method (MRECG, Ma et al. CVPR 2023; docs/design/methods.md §5): a capacity per
// reconstruction unit, the differential between each unit and the next, and the top-k neighbour pairs
// with the largest differentials merged into joint reconstruction units (overlapping pairs chain into
// three-unit groups). The official code hard-codes the merges; here they are computed.
#include "core/model/model.h"
#include "core/quant/reconstruction.h"

#include <vector>

namespace vq {

struct MergePlan {
  std::vector<double> differentials;  // [units-1]: |c_i − c_{i+1}|, 0 where unit i+1 cannot join unit i
  std::vector<size_t> merged;         // i: unit i joins unit i+1 (ascending)
  std::vector<UnitGroup> groups;      // every unit in exactly one group, in order
};

// `capacity` and `chained` have one entry per unit (chained[i]: unit i takes unit i−1's output, so they
// can run as one). Pairs that cannot merge, and pairs without any difference, are never chosen.
// topk = 0 gives one group per unit (plain BRECQ).
MergePlan planMerges(const std::vector<double>& capacity, const std::vector<bool>& chained, int topk);

// Data-free capacity of each unit: Σ over its weight layers of parameters × weight bits / stride², the
// paper's "parameter count, bit-width and stride scaling".
std::vector<double> dataFreeCapacities(VisionModel& model, int wbits);

// The units' `chained` flags, in order.
std::vector<bool> chainedUnits(const VisionModel& model);

// How much a loss curve along depth zig-zags: Σ over the points where the slope changes sign of the mean
// size of the two jumps there. 0 for a monotone curve.
double oscillationIndex(const std::vector<double>& lossAlongDepth);

}  // namespace vq
