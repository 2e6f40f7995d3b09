#include "core/sweep/child_process.h"

#include "core/util/error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace vq {
namespace {

int statusOf(int raw) { return WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw); }

pid_t spawn(const std::string& program, const std::vector<std::string>& args, const std::string& out, const std::string& err,
            bool ownGroup) {
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&files, STDOUT_FILENO, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&files, STDERR_FILENO, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  if (ownGroup) {
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  }
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(program.c_str()));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  // posix_spawnp searches PATH for a bare name (sbatch, squeue) and takes a path as it is.
  const int rc = posix_spawnp(&pid, program.c_str(), &files, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&files);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) inputError(program, std::string("cannot start: ") + std::strerror(rc));
  return pid;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

ChildProcess::ChildProcess(const std::string& program, const std::vector<std::string>& args, const std::string& stdoutFile,
                           const std::string& stderrFile, bool ownGroup)
    : pid_(spawn(program, args, stdoutFile, stderrFile, ownGroup)), ownGroup_(ownGroup) {}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept : pid_(other.pid_), ownGroup_(other.ownGroup_), status_(other.status_) {
  other.pid_ = -1;
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !status_) {
    ::kill(ownGroup_ ? -pid_ : pid_, SIGKILL);
    int raw = 0;
    ::waitpid(pid_, &raw, 0);
  }
}

std::optional<int> ChildProcess::poll() {
  if (status_ || pid_ <= 0) return status_;
  int raw = 0;
  const pid_t r = ::waitpid(pid_, &raw, WNOHANG);
  if (r == pid_) status_ = statusOf(raw);
  return status_;
}

void ChildProcess::interrupt() {
  if (pid_ > 0 && !status_) ::kill(ownGroup_ ? -pid_ : pid_, SIGINT);
}

void ChildProcess::kill() {
  if (pid_ > 0 && !status_) ::kill(ownGroup_ ? -pid_ : pid_, SIGKILL);
}

std::string ownExecutable() { return std::filesystem::read_symlink("/proc/self/exe").string(); }

int runAndCapture(const std::string& program, const std::vector<std::string>& args, std::string& stdoutText, std::string& stderrText) {
  char outName[] = "/tmp/vitquant-out-XXXXXX";
  char errName[] = "/tmp/vitquant-err-XXXXXX";
  const int outFd = ::mkstemp(outName), errFd = ::mkstemp(errName);
  if (outFd >= 0) ::close(outFd);
  if (errFd >= 0) ::close(errFd);
  if (outFd < 0 || errFd < 0) inputError("/tmp", "cannot create a temporary file");
  int raw = 0;
  try {
    // In a group of its own: a Ctrl-C meant for the caller must not kill sbatch half way through a submission.
    const pid_t pid = spawn(program, args, outName, errName, true);
    while (::waitpid(pid, &raw, 0) < 0 && errno == EINTR) {
    }
  } catch (...) {
    ::unlink(outName), ::unlink(errName);
    throw;
  }
  stdoutText = slurp(outName), stderrText = slurp(errName);
  ::unlink(outName), ::unlink(errName);
  return statusOf(raw);
}

}  // namespace vq
