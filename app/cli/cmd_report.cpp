// vitquant report --run DIR --out FILE.html|FILE.pdf
// A saved run's report (settings, results, sensitivity chart, histograms of its most sensitive sites,
// versions) as one HTML file or a PDF. The charts are Qt widgets drawn offscreen: no display is needed.
#include "app/cli/command.h"
#include "core/run/run_folder.h"
#include "core/util/error.h"
#include "core/util/version.h"
#include "widgets/RunReport.h"
#include "widgets/SaveTarget.h"

#include <QApplication>

#include <memory>

namespace vq::cli {
namespace {

struct ReportOptions {
  std::string run, out;
  CommonOptions common;
};

// Qt's own warnings (fonts, runtime dirs of the offscreen platform) are not for a command-line user.
void quietQt(QtMsgType type, const QMessageLogContext&, const QString& message) {
  if (type == QtFatalMsg) std::fprintf(stderr, "error: %s\n", qPrintable(message));
}

void run(const ReportOptions& o) {
  // The target is checked before any work (and before Qt starts), with the studio's own rules.
  const QString target = save::checkTarget(QString::fromStdString(o.out), {"pdf", "html", "htm"}, "report");
  if (!target.isEmpty()) throw Error(ErrorKind::Input, target.toStdString());
  const auto folder = readRunFolder(o.run);
  ReportRun report;
  report.summary = std::make_shared<const RunSummary>(folder.summary);
  report.histograms = std::make_shared<const std::vector<SiteHistogram>>(folder.histograms);
  if (folder.sensitivity) report.sensitivity = std::make_shared<const SensitivityReport>(*folder.sensitivity);

  // Charts are widgets; they draw on the offscreen platform whatever display there is (or is not).
  qputenv("QT_QPA_PLATFORM", "offscreen");
  qInstallMessageHandler(quietQt);
  int argc = 1;
  char name[] = "vitquant";
  char* argv[] = {name, nullptr};
  QApplication app(argc, argv);
  const QString versions = QString("vitquant %1 · LibTorch %2 · Qt %3")
                               .arg(QString::fromStdString(engineVersion()), QString::fromStdString(torchVersion()), qVersion());
  const QString error = writeRunReport({report}, 0, QString::fromStdString(o.out), versions);
  if (!error.isEmpty()) throw Error(ErrorKind::Input, error.toStdString());
  if (o.common.json)
    printJson({{"run", o.run}, {"out", o.out}, {"sensitivity", folder.sensitivity.has_value()}, {"histograms", folder.histograms.size()}});
  else
    std::printf("wrote %s\n", o.out.c_str());
}

}  // namespace

void registerReport(CLI::App& app) {
  auto opts = std::make_shared<ReportOptions>();
  auto* cmd = app.add_subcommand("report", "Write a saved run's report as HTML or PDF");
  cmd->add_option("--run", opts->run, "a run folder saved by the studio (run.json, histograms.json, …)")->required();
  cmd->add_option("--out", opts->out, "the report: FILE.html or FILE.pdf")->required();
  addCommonOptions(cmd, opts->common);
  cmd->callback([opts] {
    applyThreads(opts->common);
    run(*opts);
  });
}

}  // namespace vq::cli
