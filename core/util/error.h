#pragma once
// One exception type for user and data errors, caught at the CLI/GUI boundary.
// Programmer errors use assertions instead (docs/design/architecture.md §5).
#include <stdexcept>
#include <string>

namespace vq {

enum class ErrorKind {
  Input = 1,  // a bad file, tensor, config, image or data set: exit status 1
  Usage = 2,  // a bad option or combination of options: exit status 2
};

class Error : public std::runtime_error {
public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }
  int exitCode() const { return static_cast<int>(kind_); }

private:
  ErrorKind kind_;
};

// "<file>: <problem>", the shape every input error message takes.
[[noreturn]] inline void inputError(const std::string& file, const std::string& problem) {
  throw Error(ErrorKind::Input, file.empty() ? problem : file + ": " + problem);
}
[[noreturn]] inline void usageError(const std::string& problem) {
  throw Error(ErrorKind::Usage, problem);
}

}  // namespace vq
