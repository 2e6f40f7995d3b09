#include "core/methods/method.h"

#include "core/util/error.h"

#include <torch/torch.h>

namespace vq {

const std::vector<QuantMethod>& quantMethods() {
  static const std::vector<QuantMethod> methods = {minmaxMethod(), percentileMethod(), brecqMethod(), isvitMethod(), ivitMethod(), modcapMethod(), qhyvitMethod(), qvitMethod()};
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

namespace {

// Runs the method up to MethodOptions::finish(), which throws OptionsDescribed (or a usage error for a bad value).
std::vector<OptionSpec> readOptions(const QuantMethod& method, MethodOptions options, const LoadedModel& fp, int wbits, int abits) {
  const torch::Tensor noImages;
  MethodContext ctx{fp, noImages, wbits, abits, 0, options, {}, {}, {}, {}};
  try {
    method.run(ctx);
  } catch (const OptionsDescribed&) {
    return options.specs();
  }
  throw std::logic_error("method " + method.name + " never called MethodOptions::finish()");
}

}  // namespace

std::vector<OptionSpec> describeOptions(const QuantMethod& method, const LoadedModel& fp, int wbits, int abits) {
  return readOptions(method, MethodOptions::describing(method.name), fp, wbits, abits);
}

void checkOptions(const QuantMethod& method, const LoadedModel& fp, int wbits, int abits, const std::map<std::string, std::string>& given) {
  readOptions(method, MethodOptions::checking(given, method.name), fp, wbits, abits);
}

}  // namespace vq
