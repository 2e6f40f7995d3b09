#include "app/cli/command.h"
namespace vq::cli {
void registerPredict(CLI::App&) {}
}  // namespace vq::cli
