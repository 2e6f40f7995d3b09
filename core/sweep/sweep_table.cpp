#include "core/sweep/sweep_table.h"

#include "core/io/json_file.h"
#include "core/sweep/sweep_folder.h"
#include "core/util/error.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <numeric>

namespace vq {
namespace {

constexpr uint64_t kMaxRunSummaryBytes = 64ull << 20;

double accuracy(const nlohmann::json& j, const char* key, const std::string& source) {
  if (!j.is_object() || !j.contains(key) || !j.at(key).is_number()) inputError(source, std::string("has no number \"") + key + "\"");
  const double v = j.at(key).get<double>();
  if (!(v >= 0 && v <= 1)) inputError(source, std::string("\"") + key + "\" is not an accuracy in [0, 1]");
  return v;
}

std::string bitsLabel(int w, int a) { return "W" + std::to_string(w) + "A" + std::to_string(a); }

std::string fixed(double v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// "0.8895 ± 0.0012 (3)", "0.8895 (1)", or "—" when no seed has finished.
std::string cellText(const SweepCell& c) {
  if (c.top1.empty()) return "—";
  std::string s = fixed(c.mean(), 4);
  if (c.top1.size() > 1) s += " ± " + fixed(c.stddev(), 4);
  return s + " (" + std::to_string(c.top1.size()) + ")";
}

std::string csvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

double SweepCell::mean() const { return top1.empty() ? 0 : std::accumulate(top1.begin(), top1.end(), 0.0) / top1.size(); }

double SweepCell::stddev() const {
  if (top1.size() < 2) return 0;
  const double m = mean();
  double sum = 0;
  for (double v : top1) sum += (v - m) * (v - m);
  return std::sqrt(sum / (top1.size() - 1));
}

std::string SweepRow::label() const {
  std::string s = method;
  for (const auto& set : sets) s += ", " + set;
  return s;
}

SweepTable sweepTable(const std::string& dir, const SweepGrid& grid) {
  SweepTable table;
  std::vector<std::string> columns;
  for (const auto& [w, a] : grid.bits) columns.push_back(bitsLabel(w, a));
  for (const auto& model : grid.models) {
    SweepModelTable t{model, columns, {}, {}};
    for (const auto& method : grid.methods)
      for (const auto& sets : grid.optionSetsFor(method)) t.rows.push_back({method, sets, std::vector<SweepCell>(columns.size())});
    table.models.push_back(std::move(t));
  }
  for (const auto& run : grid.expand()) {  // seeds outermost: each cell's values come in seed order
    ++table.total;
    if (runState(dir, run) != RunState::Done) continue;
    const auto file = (std::filesystem::path(runFolderOf(dir, run)) / "run.json").string();
    const auto summary = readJsonFile(file, kMaxRunSummaryBytes);
    auto& t = table.models[std::find(grid.models.begin(), grid.models.end(), run.model) - grid.models.begin()];
    auto row = std::find_if(t.rows.begin(), t.rows.end(), [&](const SweepRow& r) { return r.method == run.method && r.sets == run.sets; });
    const auto column = std::find(columns.begin(), columns.end(), bitsLabel(run.wbits, run.abits)) - columns.begin();
    row->cells[column].top1.push_back(accuracy(summary, "top1", file));
    t.fp.top1.push_back(accuracy(summary, "fp_top1", file));
    ++table.finished;
  }
  return table;
}

std::string toMarkdown(const SweepTable& table) {
  std::string out;
  for (const auto& t : table.models) {
    // The float model sees the same images in every run of a model: one number, not a spread.
    out += "### " + t.model + "\n\nFP32 top-1: " + (t.fp.top1.empty() ? std::string("—") : fixed(t.fp.mean(), 4)) + "\n\n| method |";
    for (const auto& c : t.columns) out += " " + c + " |";
    out += "\n|---|";
    for (size_t i = 0; i < t.columns.size(); ++i) out += "---:|";
    out += "\n";
    for (const auto& r : t.rows) {
      out += "| " + r.label() + " |";
      for (const auto& c : r.cells) out += " " + cellText(c) + " |";
      out += "\n";
    }
    out += "\n";
  }
  out += "Cells: mean ± sample standard deviation of top-1 over seeds (n). " + std::to_string(table.finished) + " of " +
         std::to_string(table.total) + " runs finished.\n";
  return out;
}

std::string toCsv(const SweepTable& table) {
  std::string out = "model,method,options,bits,n,mean,std,fp_mean\n";
  for (const auto& t : table.models)
    for (const auto& r : t.rows)
      for (size_t i = 0; i < r.cells.size(); ++i) {
        const auto& c = r.cells[i];
        std::string sets;
        for (const auto& s : r.sets) sets += (sets.empty() ? "" : " ") + s;
        out += csvField(t.model) + "," + r.method + "," + csvField(sets) + "," + t.columns[i] + "," + std::to_string(c.top1.size()) + "," +
               (c.top1.empty() ? "" : fixed(c.mean(), 6)) + "," + (c.top1.size() > 1 ? fixed(c.stddev(), 6) : "") + "," +
               (t.fp.top1.empty() ? "" : fixed(t.fp.mean(), 6)) + "\n";
      }
  return out;
}

nlohmann::json toJson(const SweepTable& table) {
  nlohmann::json models = nlohmann::json::array();
  for (const auto& t : table.models) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& r : t.rows) {
      nlohmann::json cells = nlohmann::json::object();
      for (size_t i = 0; i < r.cells.size(); ++i) {
        const auto& c = r.cells[i];
        cells[t.columns[i]] = c.top1.empty() ? nlohmann::json{{"n", 0}}
                                             : nlohmann::json{{"n", c.top1.size()}, {"mean", c.mean()}, {"std", c.stddev()}, {"values", c.top1}};
      }
      rows.push_back({{"method", r.method}, {"options", r.sets}, {"label", r.label()}, {"cells", cells}});
    }
    nlohmann::json fp = t.fp.top1.empty() ? nlohmann::json(nullptr) : nlohmann::json(t.fp.mean());
    models.push_back({{"model", t.model}, {"columns", t.columns}, {"fp_top1", fp}, {"rows", rows}});
  }
  return {{"models", models}, {"finished", table.finished}, {"total", table.total}};
}

}  // namespace vq
