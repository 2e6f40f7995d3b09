#pragma once
// A run's report as one HTML file (charts embedded) or a PDF: its settings and options, its results, the
// table of runs it is shown with, the sensitivity chart and the histograms of its most sensitive sites, the
// method views' charts it has data for (quantizer fit, loss landscape, oscillation, attention entropy), and
// the versions of everything involved. Written by the studio (File → Export Report) and by
// `vitquant report --run DIR --out FILE`. Needs a QApplication (the charts are widgets, drawn offscreen).
#include <QList>
#include <QString>

#include <memory>
#include <vector>

namespace vq {
struct RunSummary;
struct SiteHistogram;
struct SensitivityReport;
struct QuantizerFit;
struct Landscape;
struct EntropyStudy;
}  // namespace vq

struct ReportRun {
  std::shared_ptr<const vq::RunSummary> summary;  // never null (a modcap run's report draws the oscillation charts)
  std::shared_ptr<const std::vector<vq::SiteHistogram>> histograms;
  std::shared_ptr<const vq::SensitivityReport> sensitivity;
  // The method views' analyses shown with this run; any may be empty.
  std::shared_ptr<const vq::QuantizerFit> fit;
  std::shared_ptr<const vq::Landscape> landscapeLayer, landscapeChannel, landscapeSurface;
  bool surfaceChannelWise = false;
  std::shared_ptr<const vq::EntropyStudy> entropy;
};

// `runs[subject]` is reported in full; every run appears in the runs table. The format follows the suffix
// (.html, .htm or .pdf). Returns "" or a one-line error naming the file; never leaves a partial file.
QString writeRunReport(const QList<ReportRun>& runs, int subject, const QString& path, const QString& versions);
