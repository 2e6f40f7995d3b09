#pragma once
// Progress reporting and cooperative cancellation for long engine jobs.
#include <atomic>
#include <functional>
#include <memory>
#include <string>

namespace vq {

// fraction in [0,1] and a short phase text ("calibrating", "block 3/12" ...).
using ProgressFn = std::function<void(double fraction, const std::string& phase)>;

class CancelToken {
public:
  CancelToken() : flag_(std::make_shared<std::atomic<bool>>(false)) {}
  void cancel() const { flag_->store(true); }
  bool cancelled() const { return flag_->load(); }

private:
  std::shared_ptr<std::atomic<bool>> flag_;
};

// Thrown by engine loops that see a cancelled token; the caller discards partial results.
struct Cancelled {};

inline void throwIfCancelled(const CancelToken& token) {
  if (token.cancelled()) throw Cancelled{};
}

}  // namespace vq
