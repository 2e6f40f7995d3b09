#include "app/cli/command.h"

#include <torch/torch.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <thread>
#include <unistd.h>

namespace vq::cli {

void addCommonOptions(CLI::App* cmd, CommonOptions& common) {
  cmd->add_flag("--json", common.json, "Print one JSON object on stdout");
  cmd->add_option("--threads", common.threads, "LibTorch threads (default: all cores)")->check(CLI::Range(1, 256));
}

void applyThreads(const CommonOptions& common) {
  const int n = common.threads > 0 ? common.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  at::set_num_threads(n);
}

// A file name or option in another encoding than UTF-8 is replaced (U+FFFD) rather than failing the output.
void printJson(const nlohmann::json& j) { std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl; }

bool stderrIsTerminal() { return ::isatty(STDERR_FILENO) == 1; }

void drawProgress(const std::string& phase, double fraction) {
  const int width = 30;
  const int filled = static_cast<int>(fraction * width + 0.5);
  std::fprintf(stderr, "\r%-24s [%s%s] %5.1f%%", phase.c_str(), std::string(filled, '#').c_str(),
               std::string(width - filled, '.').c_str(), 100.0 * fraction);
  std::fflush(stderr);
}

namespace {
extern "C" void cancelOnInterrupt(int) { InterruptScope::token().cancel(); }
}  // namespace

// SIGTERM (kill, scancel) and SIGHUP (a closed terminal) stop a job as cleanly as Ctrl-C: a sweep runner
// must not leave its runs going behind it.
InterruptScope::InterruptScope() {
  for (int s : {SIGINT, SIGTERM, SIGHUP}) std::signal(s, cancelOnInterrupt);
}
InterruptScope::~InterruptScope() {
  for (int s : {SIGINT, SIGTERM, SIGHUP}) std::signal(s, SIG_DFL);
}

const CancelToken& InterruptScope::token() {
  static const CancelToken token;
  return token;
}

void endProgress() { std::fprintf(stderr, "\n"); }

ProgressFn progressFor(const CommonOptions& common) {
  if (common.json || !stderrIsTerminal()) return {};
  return [](double f, const std::string& phase) { drawProgress(phase, f); };
}

}  // namespace vq::cli
