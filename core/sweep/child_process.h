#pragma once
// A child process with its output in files, in its own process group: a Ctrl-C in the terminal reaches only
// the sweep runner, which then asks each child to stop (SIGINT, which `vitquant quantize` handles cleanly).
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace vq {

class ChildProcess {
public:
  // Starts `program` with `args` (argv[1..]), stdout and stderr written to the two files (truncated), in a
  // process group of its own unless `ownGroup` is false (a Slurm task's child must share the group that
  // scancel signals). Throws vq::Error(Input) naming the program when it cannot be started.
  ChildProcess(const std::string& program, const std::vector<std::string>& args, const std::string& stdoutFile,
               const std::string& stderrFile, bool ownGroup = true);
  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&&) = delete;
  ChildProcess(const ChildProcess&) = delete;
  ~ChildProcess();  // a child still running is killed and reaped

  // The exit status once the child has ended (128 + signal when a signal ended it), without blocking.
  std::optional<int> poll();
  void interrupt();  // SIGINT, to its whole process group when it has one of its own
  void kill();       // SIGKILL

private:
  pid_t pid_ = -1;
  bool ownGroup_ = true;
  std::optional<int> status_;
};

// The running executable's own path (/proc/self/exe), to start more of itself.
std::string ownExecutable();

// Runs `program args…` to the end and returns its exit status and stdout (stderr to `stderrText`); for short
// commands such as sbatch or squeue. Throws vq::Error(Input) when the program cannot be started.
int runAndCapture(const std::string& program, const std::vector<std::string>& args, std::string& stdoutText, std::string& stderrText);

}  // namespace vq
