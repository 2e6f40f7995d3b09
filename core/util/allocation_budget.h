#pragma once
// A cap on what LibTorch may allocate on the CPU while a file is being turned into tensors.
//
// A config.json is a few hundred bytes, yet `"embed_dim": 100000, "depth": 500` asks for a model of
// terabytes, and LibTorch would try to build it (or be killed by the OOM killer while filling it with
// random weights). Computing each architecture's size from its arguments would repeat every family's
// construction code; instead the model is built under a budget: the CPU allocator counts the bytes
// requested on this thread and refuses the request that would exceed the budget, before anything of
// that size is allocated. Freed memory is not credited back, so the budget bounds the total requested.
#include <cstdint>
#include <string>

namespace vq {

// The largest model (parameters and buffers, with construction temporaries) a model folder or
// `arch:` spec may make the program allocate: 8 GiB, e.g. ViT-g/14 (1.0 G parameters) at float32 twice over.
constexpr uint64_t kDefaultMaxModelBytes = 8ull << 30;
// The current cap used by loadModel/createModel; settable for callers that must stay smaller (fuzzing).
uint64_t maxModelBytes();
void setMaxModelBytes(uint64_t bytes);

// While alive, CPU allocations on this thread count against `maxBytes`; the allocation that would exceed it
// throws vq::Error(Input) "<source>: <what> needs more than <N> MiB". Budgets do not nest (asserted).
class AllocationBudget {
public:
  AllocationBudget(uint64_t maxBytes, std::string source, std::string what);
  ~AllocationBudget();
  AllocationBudget(const AllocationBudget&) = delete;
  AllocationBudget& operator=(const AllocationBudget&) = delete;

private:
  friend class BudgetedCpuAllocator;
  uint64_t remaining_;
  uint64_t maxBytes_;
  std::string source_;
  std::string what_;
};

}  // namespace vq
