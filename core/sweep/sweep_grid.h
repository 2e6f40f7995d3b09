#pragma once
// A sweep file (sweep.json): a grid of `vitquant quantize` runs, models × methods × option sets × bit pairs ×
// seeds, with the data, calibration and evaluation sizes they share. Expanded in a fixed order (seeds
// outermost, so a sweep stopped half way has one seed of every cell before a second of any), which gives
// every run a stable index (a Slurm array task) and a stable id (its run folder's name).
//
//   {
//     "models": ["builtin:deit-fashion"],          required
//     "methods": ["brecq", "isvit"],               required
//     "bits": ["W4A4", [3, 3]],                    required: "WxAy" or [w, a]
//     "seeds": [0, 1, 2],                          default [0]
//     "option_sets": [[], ["iters=2000"]],         default [[]]: each a --set list, for every method; or an
//                                                  object by method ({"brecq": [[], ["iters=2000"]]}), [[]] for
//                                                  the methods it does not name
//     "data": "fashion-mnist", "calib": 1024, "eval_limit": 2000, "sensitivity_images": 0,
//     "threads": 2,                                LibTorch threads in all (local jobs share them)
//     "slurm": {"partition": "", "time": "", "mem": "", "cpus_per_task": 2}   plain tokens; 1..256 CPUs
//   }  (at most 100 000 runs)
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace vq {

struct SlurmSettings {
  std::string partition, time, mem;  // "" = the cluster's default
  int cpusPerTask = 2;
};

struct SweepRun {
  int index = 0;   // position in the expanded grid (a Slurm array index)
  std::string id;  // "<model tag>/<method>-w<W>a<A>[-key=value…]-seed=<S>": its run folder under runs/
  std::string model, method;
  int wbits = 8, abits = 8;
  uint64_t seed = 0;
  std::vector<std::string> sets;  // KEY=VALUE, as given
};

struct SweepGrid {
  std::vector<std::string> models, methods;
  std::vector<std::pair<int, int>> bits;
  std::vector<uint64_t> seeds{0};
  nlohmann::json optionSets = nlohmann::json::array({nlohmann::json::array()});  // as given (list or by method)
  std::string data = "fashion-mnist";
  int64_t calib = 1024;
  int64_t evalLimit = -1;  // -1: the whole evaluation set
  int64_t sensitivityImages = 0;
  int threads = 2;
  SlurmSettings slurm;

  std::vector<SweepRun> expand() const;
  // The option sets that apply to `method`, each a --set list.
  std::vector<std::vector<std::string>> optionSetsFor(const std::string& method) const;
  nlohmann::json toJson() const;
  // What decides the runs and their numbers (toJson without threads and slurm): a sweep folder may be resumed
  // with other threads or on another backend, never with another grid.
  nlohmann::json runsJson() const;
};

// Throws vq::Error(Input) "<source>: <problem>" for an unknown key, method or bit pair, a wrong type, an
// empty list, or a malformed --set entry. Option keys a method does not read are checked by
// checkSweepOptions, which needs the models.
SweepGrid sweepGridFromJson(const nlohmann::json& j, const std::string& source);
SweepGrid readSweepGrid(const std::string& path);

// Loads each model once and asks each method which options it reads at each bit pair: an option set with a
// key the method does not know, or a value out of its range, is an error naming the file, method and key.
void checkSweepOptions(const SweepGrid& grid, const std::string& source);

// The `vitquant quantize` arguments of one run (after the program name), saving into runFolder.
std::vector<std::string> quantizeArguments(const SweepGrid& grid, const SweepRun& run, const std::string& runFolder,
                                           int threads);

}  // namespace vq
