// vitquant sweep plan --grid FILE [--json]
// vitquant sweep run --grid FILE --out DIR [--backend local|slurm] [--jobs N] [--threads T]
//                    [--partition P] [--time T] [--mem M] [--cpus-per-task C] [--json]
// vitquant sweep table DIR [--markdown|--csv|--json]
// vitquant sweep cancel DIR
// A grid of `quantize` runs with seeds (core/sweep/sweep_grid.h has the file format), run here or as a Slurm
// job array, resumed by running the same command again, and tabulated as mean ± std over seeds.
#include "app/cli/command.h"
#include "core/sweep/child_process.h"
#include "core/sweep/local_sweep.h"
#include "core/sweep/slurm_sweep.h"
#include "core/sweep/sweep_table.h"
#include "core/util/error.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

namespace vq::cli {
namespace {

std::string joinedArguments(const std::vector<std::string>& args) {
  std::string s = "vitquant";
  for (const auto& a : args) s += " " + (a.find_first_of(" '\"") == std::string::npos ? a : "'" + a + "'");
  return s;
}

std::string duration(double seconds) {
  if (seconds < 0) return "?";
  if (seconds < 90) return std::to_string(static_cast<int>(std::lround(seconds))) + " s";
  if (seconds < 5400) return std::to_string(static_cast<int>(std::lround(seconds / 60))) + " min";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f h", seconds / 3600);
  return buf;
}

std::string countsLine(const SweepCounts& c, double eta) {
  return std::to_string(c.done) + "/" + std::to_string(c.total) + " done, " + std::to_string(c.running) + " running, " +
         std::to_string(c.failed) + " failed" + (eta >= 0 ? ", ETA " + duration(eta) : "");
}

// The grid of a sweep file with every option set checked against its methods.
SweepGrid checkedGrid(const std::string& file) {
  auto grid = readSweepGrid(file);
  checkSweepOptions(grid, file);
  return grid;
}

struct PlanOptions {
  std::string grid;
  CommonOptions common;
};

void plan(const PlanOptions& o) {
  const auto grid = checkedGrid(o.grid);
  const auto runs = grid.expand();
  if (o.common.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& r : runs)
      list.push_back({{"index", r.index}, {"id", r.id}, {"model", r.model}, {"method", r.method}, {"wbits", r.wbits}, {"abits", r.abits},
                      {"seed", r.seed}, {"options", r.sets}, {"arguments", quantizeArguments(grid, r, "OUT/runs/" + r.id, grid.threads)}});
    printJson({{"grid", grid.toJson()}, {"runs", list}});
    return;
  }
  for (const auto& r : runs)
    std::printf("%4d  %s\n      %s\n", r.index, r.id.c_str(), joinedArguments(quantizeArguments(grid, r, "OUT/runs/" + r.id, grid.threads)).c_str());
  std::printf("%zu runs\n", runs.size());
}

struct RunOptions {
  std::string grid, out, backend = "local";
  int jobs = 1;
  std::string partition, time, mem;
  int cpusPerTask = 0;
  CommonOptions common;
};

// The run's top-1 for the progress line ("" when its summary cannot be read: the table will say why).
std::string top1Of(const std::string& dir, const SweepRun& run) {
  try {
    const auto summary = nlohmann::json::parse(std::ifstream(std::filesystem::path(runFolderOf(dir, run)) / "run.json"));
    char buf[32];
    std::snprintf(buf, sizeof buf, "top-1 %.4f, ", summary.at("top1").get<double>());
    return buf;
  } catch (const std::exception&) {
    return "";
  }
}

void runSweep(RunOptions& o) {
  auto grid = checkedGrid(o.grid);
  if (o.common.threads > 0) grid.threads = o.common.threads;
  if (!o.partition.empty()) grid.slurm.partition = o.partition;
  if (!o.time.empty()) grid.slurm.time = o.time;
  if (!o.mem.empty()) grid.slurm.mem = o.mem;
  if (o.cpusPerTask > 0) grid.slurm.cpusPerTask = o.cpusPerTask;
  if (o.backend == "slurm") {
    std::string out, err;
    try {
      runAndCapture("sbatch", {"--version"}, out, err);
    } catch (const Error&) {
      usageError("--backend slurm: sbatch is not installed here (Debian: slurm-client)");
    }
  }
  prepareSweepFolder(o.out, grid);
  const bool quiet = o.common.json;
  const auto say = [&](const std::string& line) {
    if (!quiet) std::fprintf(stderr, "%s\n", line.c_str());
  };
  SweepCounts counts;
  {
    InterruptScope interrupt;
    if (o.backend == "local") {
      const LocalSweepOptions options{ownExecutable(), o.jobs, grid.threads};
      counts = runLocalSweep(
          o.out, grid, options,
          [&](const SweepEvent& e, const SweepProgress& p) {
            const auto where = "[" + countsLine(p.counts, p.etaSeconds) + "] ";
            if (e.kind == SweepEvent::Kind::Started) say(where + "started " + e.run->id);
            if (e.kind == SweepEvent::Kind::Done) say(where + "done " + e.run->id + " (" + top1Of(o.out, *e.run) + duration(e.seconds) + ")");
            if (e.kind == SweepEvent::Kind::Failed) say(where + "failed " + e.run->id + " (" + e.message + ")");
          },
          InterruptScope::token());
    } else {
      const SlurmSweepOptions options{ownExecutable(), grid.slurm, 5};
      say("submitting to Slurm: " + (std::filesystem::path(o.out) / "sweep.sbatch").string());
      counts = runSlurmSweep(o.out, grid, options, [&](const SweepProgress& p) { say("[" + countsLine(p.counts, -1) + "]"); },
                             InterruptScope::token());
    }
  }
  nlohmann::json failed = nlohmann::json::array();
  for (const auto& r : grid.expand())
    if (runState(o.out, r) == RunState::Failed) failed.push_back({{"id", r.id}, {"stderr", logFileOf(o.out, r, ".err")}, {"why", failureOf(o.out, r)}});
  if (o.common.json) {
    printJson({{"out", o.out}, {"backend", o.backend}, {"total", counts.total}, {"done", counts.done}, {"failed", failed}});
  } else {
    std::printf("%s: %d of %d runs done%s\n", o.out.c_str(), counts.done, counts.total,
                failed.empty() ? "" : (", " + std::to_string(failed.size()) + " failed").c_str());
  }
  if (!failed.empty())
    inputError(o.out, std::to_string(failed.size()) + " of " + std::to_string(counts.total) + " runs failed, first " +
                          failed[0]["id"].get<std::string>() + ": " + failed[0]["why"].get<std::string>() +
                          " (run the same command again to redo them)");
}

struct TableOptions {
  std::string dir;
  bool markdown = false, csv = false;
  CommonOptions common;
};

void table(const TableOptions& o) {
  const auto grid = openSweepFolder(o.dir);
  const auto t = sweepTable(o.dir, grid);
  if (o.common.json) printJson(toJson(t));
  else std::fputs((o.csv ? toCsv(t) : toMarkdown(t)).c_str(), stdout);
}

void cancel(const std::string& dir) {
  openSweepFolder(dir);
  if (const int pid = runningLocalSweep(dir)) {
    requestSweepCancel(dir);
    // The runner interrupts its runs and waits for them; wait for it in turn so that "cancelled" is true.
    for (int i = 0; i < 1200 && runningLocalSweep(dir); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (runningLocalSweep(dir)) inputError(dir, "the runner (pid " + std::to_string(pid) + ") has not stopped within two minutes");
    std::printf("cancelled the local sweep in %s (pid %d)\n", dir.c_str(), pid);
    return;
  }
  if (cancelSlurmJob(dir)) {
    std::printf("cancelled the Slurm job of %s\n", dir.c_str());
    return;
  }
  inputError(dir, "no sweep is running here");
}

}  // namespace

void registerSweep(CLI::App& app) {
  auto* sweep = app.add_subcommand("sweep", "Run a grid of quantize runs with seeds, here or on Slurm, and tabulate mean ± std");
  sweep->require_subcommand(1);

  auto p = std::make_shared<PlanOptions>();
  auto* planCmd = sweep->add_subcommand("plan", "Print the runs a sweep file expands to (checking every option)");
  planCmd->add_option("--grid", p->grid, "the sweep file (sweep.json)")->required();
  planCmd->add_flag("--json", p->common.json, "Print one JSON object on stdout");
  planCmd->callback([p] { plan(*p); });

  auto r = std::make_shared<RunOptions>();
  auto* runCmd = sweep->add_subcommand("run", "Run a sweep (again: finished runs are skipped, failed and missing ones redone)");
  runCmd->add_option("--grid", r->grid, "the sweep file (sweep.json)")->required();
  runCmd->add_option("--out", r->out, "the sweep folder (created, or resumed)")->required();
  runCmd->add_option("--backend", r->backend, "local | slurm")->check(CLI::IsMember({"local", "slurm"}))->capture_default_str();
  runCmd->add_option("--jobs", r->jobs, "local: runs at a time (they share the threads)")->check(CLI::Range(1, 256))->capture_default_str();
  // These go into #SBATCH lines of the batch script: plain tokens only.
  const CLI::Validator token([](std::string& v) { return std::regex_match(v, std::regex("[A-Za-z0-9_.,:+-]+")) ? "" : "not a plain Slurm value"; },
                             "TOKEN");
  runCmd->add_option("--partition", r->partition, "slurm: partition (default: the file's, else the cluster's)")->check(token);
  runCmd->add_option("--time", r->time, "slurm: time limit per run, e.g. 02:00:00")->check(token);
  runCmd->add_option("--mem", r->mem, "slurm: memory per run, e.g. 8G")->check(token);
  runCmd->add_option("--cpus-per-task", r->cpusPerTask, "slurm: CPUs (and LibTorch threads) per run")->check(CLI::Range(1, 256));
  addCommonOptions(runCmd, r->common);
  runCmd->callback([r] { runSweep(*r); });

  auto t = std::make_shared<TableOptions>();
  auto* tableCmd = sweep->add_subcommand("table", "Mean ± std of top-1 over seeds, per model, method and bits");
  tableCmd->add_option("dir", t->dir, "the sweep folder")->required();
  auto* md = tableCmd->add_flag("--markdown", t->markdown, "Markdown tables (the default)");
  auto* csv = tableCmd->add_flag("--csv", t->csv, "one CSV row per cell");
  auto* json = tableCmd->add_flag("--json", t->common.json, "one JSON object");
  md->excludes(csv)->excludes(json);
  csv->excludes(json);
  tableCmd->callback([t] { table(*t); });

  auto c = std::make_shared<std::string>();
  auto* cancelCmd = sweep->add_subcommand("cancel", "Stop a running sweep (local runner or Slurm job); rerun `sweep run` to resume");
  cancelCmd->add_option("dir", *c, "the sweep folder")->required();
  cancelCmd->callback([c] { cancel(*c); });

  // One Slurm array task; the batch script calls it.
  struct One {
    std::string dir;
    int index = 0, threads = 1;
  };
  auto one = std::make_shared<One>();
  auto* oneCmd = sweep->add_subcommand("run-one", "Run one run of a sweep folder (what a Slurm array task does)");
  oneCmd->group("");
  oneCmd->add_option("dir", one->dir)->required();
  oneCmd->add_option("index", one->index)->required();
  oneCmd->add_option("--threads", one->threads)->check(CLI::Range(1, 1024));
  oneCmd->callback([one] {
    const int status = runOneSweepRun(one->dir, one->index, one->threads, ownExecutable());
    if (status != 0) inputError(one->dir, "run " + std::to_string(one->index) + " failed with exit status " + std::to_string(status));
  });
}

}  // namespace vq::cli
