#pragma once
// One quantization run of the session and the analyses made on it. Results are shared, immutable
// values (docs/design/architecture.md): views keep a pointer, jobs make new ones.
#include <QString>

#include <memory>
#include <vector>

namespace vq {
struct RunSummary;
struct QuantizedModel;
struct SiteHistogram;
struct SensitivityReport;
struct PredictionComparison;
struct EntropyStudy;
}  // namespace vq

struct StudioRun {
  int id = 0;
  QString label;        // "#2 qvit W4A4 (irm=false)" (AnalysisJobs.h runLabel)
  std::shared_ptr<const vq::RunSummary> summary;  // set once the run has finished or been read
  QString folder;       // where it is saved (core/run/run_folder.h)
  std::shared_ptr<vq::QuantizedModel> model;
  std::shared_ptr<const std::vector<vq::SiteHistogram>> histograms;
  std::shared_ptr<const vq::SensitivityReport> sensitivity;
  std::shared_ptr<const vq::PredictionComparison> inference;
  std::shared_ptr<const vq::EntropyStudy> entropy;
};
