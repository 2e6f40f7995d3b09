// vitquant: the command line of ViTQuant Studio. Errors are one line "error: ..." on stderr,
// exit status 1 for bad input and 2 for bad usage (docs/design/architecture.md §5).
#include "app/cli/command.h"
#include "core/integer/isa.h"
#include "core/model/zoo.h"
#include "core/util/allocator_tuning.h"
#include "core/util/error.h"
#include "core/util/progress.h"
#include "core/util/version.h"

#include <c10/util/Exception.h>

#include <iostream>

namespace {

std::string firstLine(const std::string& text) {
  const auto pos = text.find('\n');
  return pos == std::string::npos ? text : text.substr(0, pos);
}

}  // namespace

int main(int argc, char** argv) {
  vq::keepFreedMemoryForReuse();
  CLI::App app{"vitquant: quantize Vision Transformers and see why they lose accuracy"};
  app.require_subcommand(1);
  // The second line tells an installed copy from a build tree (and where the built-ins come from).
  app.set_version_flag("--version", "vitquant " + vq::engineVersion() + " (LibTorch " + vq::torchVersion() + ")\nresources: " + vq::resourceDir());
  vq::cli::registerInfo(app);
  vq::cli::registerForward(app);
  vq::cli::registerPredict(app);
  vq::cli::registerEval(app);
  vq::cli::registerBench(app);
  vq::cli::registerTrain(app);
  vq::cli::registerQuantize(app);
  vq::cli::registerAnalyze(app);
  vq::cli::registerReport(app);
  vq::cli::registerSweep(app);
  vq::cli::registerExport(app);

  try {
    vq::activeIsa();  // a bad VQ_ISA is refused before any command runs
    app.parse(argc, argv);
    return 0;
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "error: " << firstLine(e.what()) << " (see vitquant --help)" << std::endl;
    return 2;
  } catch (const vq::Error& e) {
    std::cerr << "error: " << firstLine(e.what()) << std::endl;
    return e.exitCode();
  } catch (const vq::Cancelled&) {
    std::cerr << "error: cancelled" << std::endl;
    return 1;
  } catch (const c10::Error& e) {
    std::cerr << "error: " << firstLine(e.what_without_backtrace()) << std::endl;
    return 1;
  } catch (const std::bad_alloc&) {
    std::cerr << "error: out of memory" << std::endl;
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "error: " << firstLine(e.what()) << std::endl;
    return 1;
  }
}
