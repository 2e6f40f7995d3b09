#include "core/util/allocation_budget.h"

#include "core/util/error.h"

#include <c10/core/CPUAllocator.h>

#include <atomic>
#include <cassert>
#include <mutex>

namespace vq {
namespace {

thread_local AllocationBudget* activeBudget = nullptr;
std::atomic<uint64_t> modelBytesCap{kDefaultMaxModelBytes};

}  // namespace

// Wraps LibTorch's CPU allocator for the whole process (installed once, on the first budget). Outside a
// budget it only forwards, so ordinary allocations cost one thread-local read more.
class BudgetedCpuAllocator final : public c10::Allocator {
public:
  explicit BudgetedCpuAllocator(c10::Allocator* inner) : inner_(inner) {}

  c10::DataPtr allocate(size_t n) const override {
    if (AllocationBudget* b = activeBudget) {
      if (n > b->remaining_)
        inputError(b->source_, b->what_ + " needs more than " + std::to_string(b->maxBytes_ >> 20) +
                                   " MiB (the limit for one model); refused before allocating it");
      b->remaining_ -= n;
    }
    return inner_->allocate(n);
  }
  c10::DeleterFnPtr raw_deleter() const override { return inner_->raw_deleter(); }

private:
  c10::Allocator* inner_;
};

namespace {

void installOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Priority 1 ranks above LibTorch's default CPU allocator (0); the wrapper lives for the process.
    static BudgetedCpuAllocator wrapper(c10::GetCPUAllocator());
    c10::SetCPUAllocator(&wrapper, /*priority=*/1);
  });
}

}  // namespace

uint64_t maxModelBytes() { return modelBytesCap.load(); }
void setMaxModelBytes(uint64_t bytes) { modelBytesCap.store(bytes); }

AllocationBudget::AllocationBudget(uint64_t maxBytes, std::string source, std::string what)
    : remaining_(maxBytes), maxBytes_(maxBytes), source_(std::move(source)), what_(std::move(what)) {
  installOnce();
  assert(!activeBudget && "allocation budgets do not nest");
  activeBudget = this;
}

AllocationBudget::~AllocationBudget() { activeBudget = nullptr; }

}  // namespace vq
