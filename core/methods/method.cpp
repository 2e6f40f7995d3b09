#include "core/methods/method.h"

#include "core/util/error.h"

namespace vq {

const std::vector<QuantMethod>& quantMethods() {
  static const std::vector<QuantMethod> methods = {minmaxMethod(), percentileMethod(), brecqMethod(), isvitMethod(), ivitMethod()};
  return methods;
}

const QuantMethod& methodByName(const std::string& name) {
  std::string known;
  for (const auto& m : quantMethods()) {
    if (m.name == name) return m;
    known += (known.empty() ? "" : ", ") + m.name;
  }
  usageError("unknown method '" + name + "' (known: " + known + ")");
}

}  // namespace vq
