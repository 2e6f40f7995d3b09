#pragma once
// Each `vitquant` sub-command lives in its own file and registers itself here.
#include "core/util/progress.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <functional>
#include <string>

namespace vq::cli {

// Options every command takes.
struct CommonOptions {
  bool json = false;
  int threads = 0;  // 0 = all cores
};

// Adds --json and --threads to a sub-command.
void addCommonOptions(CLI::App* cmd, CommonOptions& common);

// Applies --threads (LibTorch's default here is one thread) before a command runs.
void applyThreads(const CommonOptions& common);

// Prints a JSON object on stdout (the --json contract: exactly one object).
void printJson(const nlohmann::json& j);

// True when stderr is a terminal (progress lines are drawn only then, and never in --json mode).
bool stderrIsTerminal();

// One progress line on stderr, redrawn in place.
void drawProgress(const std::string& phase, double fraction);
void endProgress();

// A command's progress: drawn on stderr when it is a terminal and --json is off, else an empty function
// (so `if (progress) endProgress();` closes the line only when one was drawn).
ProgressFn progressFor(const CommonOptions& common);

// While alive, Ctrl-C (and SIGTERM, SIGHUP) cancels token() instead of killing the process, so that long jobs
// stop cleanly (training keeps its last finished epoch, QAT its best one, a sweep interrupts its runs).
class InterruptScope {
public:
  InterruptScope();
  ~InterruptScope();
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;
  static const CancelToken& token();
};

void registerInfo(CLI::App& app);
void registerForward(CLI::App& app);
void registerPredict(CLI::App& app);
void registerEval(CLI::App& app);
void registerBench(CLI::App& app);
void registerTrain(CLI::App& app);
void registerQuantize(CLI::App& app);
void registerAnalyze(CLI::App& app);
void registerAnalyzeEntropy(CLI::App* analyze);  // `analyze entropy`, in its own file
void registerReport(CLI::App& app);
void registerSweep(CLI::App& app);
void registerExport(CLI::App& app);

}  // namespace vq::cli
