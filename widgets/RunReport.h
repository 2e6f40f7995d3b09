#pragma once
// A run's report as one HTML file (charts embedded) or a PDF: its settings and options, its results, the
// table of runs it is shown with, the sensitivity chart and the histograms of its most sensitive sites,
// and the versions of everything involved. Written by the studio (File → Export Report) and by
// `vitquant report --run DIR --out FILE`. Needs a QApplication (the charts are widgets, drawn offscreen).
#include <QJsonObject>
#include <QList>
#include <QString>

#include <memory>
#include <vector>

namespace vq {
struct SiteHistogram;
struct SensitivityReport;
}  // namespace vq

struct ReportRun {
  QJsonObject summary;  // the `vitquant quantize --json` object
  std::shared_ptr<const std::vector<vq::SiteHistogram>> histograms;
  std::shared_ptr<const vq::SensitivityReport> sensitivity;
};

// `runs[subject]` is reported in full; every run appears in the runs table. The format follows the suffix
// (.html, .htm or .pdf). Returns "" or a one-line error naming the file; never leaves a partial file.
QString writeRunReport(const QList<ReportRun>& runs, int subject, const QString& path, const QString& versions);
