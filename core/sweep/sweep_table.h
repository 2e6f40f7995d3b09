#pragma once
// A sweep's results: per model, one row per method and option set, one column per bit pair, each cell the
// mean ± sample standard deviation of top-1 over the seeds that have finished (and how many).
#include "core/sweep/sweep_grid.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace vq {

struct SweepCell {
  std::vector<double> top1;  // one per finished seed, in seed order
  double mean() const;
  double stddev() const;  // sample standard deviation (n − 1); 0 for one value
};

struct SweepRow {
  std::string method;
  std::vector<std::string> sets;  // the option set, KEY=VALUE
  std::vector<SweepCell> cells;   // one per column
  std::string label() const;      // "brecq" or "brecq, iters=2000"
};

struct SweepModelTable {
  std::string model;
  std::vector<std::string> columns;  // "W4A4", …
  std::vector<SweepRow> rows;
  SweepCell fp;  // float top-1 of every finished run (the same images, so the same value unless the data differ)
};

struct SweepTable {
  std::vector<SweepModelTable> models;
  int finished = 0, total = 0;
};

// Reads run.json of every finished run; vq::Error(Input) naming the file when one is broken.
SweepTable sweepTable(const std::string& dir, const SweepGrid& grid);

std::string toMarkdown(const SweepTable& table);
std::string toCsv(const SweepTable& table);
nlohmann::json toJson(const SweepTable& table);

}  // namespace vq
