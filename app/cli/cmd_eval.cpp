#include "app/cli/command.h"
namespace vq::cli {
void registerEval(CLI::App&) {}
}  // namespace vq::cli
