// Each studio view fed with real engine data from the built-in DeiT: it fills, reacts, and its charts
// export as valid PNG, SVG and PDF files (and refuse a bad target without leaving a file behind).
#include "app/studio/StudioJobs.h"
#include "core/analysis/histograms.h"
#include "core/analysis/sensitivity.h"
#include "core/eval/compare.h"
#include "core/methods/method.h"
#include "core/run/quantize_run.h"
#include "widgets/ChannelRangePlot.h"
#include "widgets/ChartExport.h"
#include "widgets/HistogramPlot.h"
#include "widgets/HistogramsView.h"
#include "widgets/InferenceView.h"
#include "widgets/MethodOptionsPanel.h"
#include "widgets/RunsView.h"
#include "widgets/SensitivityView.h"

#include <QSignalSpy>
#include <QSvgRenderer>
#include <QtTest/QtTest>

#include <torch/torch.h>

namespace {

// A file the format's own reader accepts.
void checkExported(QCustomPlot* plot, const QString& dir, const QString& name) {
  for (const QString suffix : {"png", "svg", "pdf"}) {
    const QString path = dir + "/" + name + "." + suffix;
    const QString error = chart::exportChart(plot, path);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    if (suffix == "png") {
      const QImage image(path);
      QVERIFY(!image.isNull() && image.width() >= 200);
    } else if (suffix == "svg") {
      QVERIFY(QSvgRenderer(path).isValid());
    } else {
      QFile f(path);
      QVERIFY(f.open(QIODevice::ReadOnly));
      const QByteArray bytes = f.readAll();
      QVERIFY(bytes.startsWith("%PDF-") && bytes.contains("%%EOF"));
      if (!QStandardPaths::findExecutable("pdftoppm").isEmpty())
        QCOMPARE(QProcess::execute("pdftoppm", {"-png", "-r", "20", path, dir + "/" + name + "-page"}), 0);
    }
  }
}

}  // namespace

class TestStudioViews : public QObject {
  Q_OBJECT

  vq::QuantizeRun run_;
  std::shared_ptr<const std::vector<vq::SiteHistogram>> histograms_;
  std::shared_ptr<const vq::SensitivityReport> sensitivity_;
  std::shared_ptr<const vq::PredictionComparison> predictions_;
  QTemporaryDir dir_;

private Q_SLOTS:
  void initTestCase() {
    QCoreApplication::setOrganizationName("ViTQuantTest");
    QStandardPaths::setTestModeEnabled(true);
    at::set_num_threads(2);
    vq::QuantizeRequest r;
    r.model = "builtin:deit-fashion";
    r.method = "percentile";
    r.wbits = r.abits = 4;
    r.calib = 32;
    r.evalLimit = 100;
    run_ = vq::runQuantize(r);
    const auto test = vq::openDataset("fashion-mnist");
    const auto images = vq::calibrationImages(*test, 8, run_.model.loaded.config.pretrained, 0);
    histograms_ = std::make_shared<const std::vector<vq::SiteHistogram>>(vq::siteHistograms(run_.model.loaded, images, {}));
    sensitivity_ = std::make_shared<const vq::SensitivityReport>(vq::analyzeSensitivity(run_.model.loaded, *test, 32));
    const auto fp = vq::openModel(r.model);
    predictions_ = std::make_shared<const vq::PredictionComparison>(vq::compareOnDataset(
        {{"float", fp.model.get()}, {"quantized", &run_.model.model()}}, fp.config, *test, vq::sampleIndices(*test, 6, 1), 5));
  }

  void histogramsView() {
    HistogramsView view;
    view.resize(1000, 700);
    QSignalSpy selected(&view, &HistogramsView::siteSelected);
    view.setHistograms(histograms_);
    QCOMPARE(view.siteCount(), static_cast<int>(histograms_->size()));
    QVERIFY(view.histogramPlot()->hasData());
    // A post-LayerNorm input: 4-bit levels drawn, one whisker per channel.
    QVERIFY(view.selectSite("blocks.0.attn.qkv.input"));
    QCOMPARE(view.currentSite(), QString("blocks.0.attn.qkv.input"));
    QCOMPARE(view.histogramPlot()->levelLineCount(), 16);
    QVERIFY(view.channelPlot()->channelCount() > 8);
    QCOMPARE(selected.count(), 0);  // a programmatic choice is no user selection
    QVERIFY(!view.selectSite("no.such.site"));
    view.histogramPlot()->setLogScale(true);
    checkExported(view.histogramPlot(), dir_.path(), "histogram");
    checkExported(view.channelPlot(), dir_.path(), "channels");
  }

  void sensitivityView() {
    SensitivityView view;
    view.resize(1000, 700);
    view.setReport(sensitivity_);
    QCOMPARE(view.rowCount(), static_cast<int>(sensitivity_->sites.size()));
    QCOMPARE(view.barCount(), std::min(30, view.rowCount()));
    checkExported(view.plot(), dir_.path(), "sensitivity");
  }

  void inferenceView() {
    InferenceView view;
    view.resize(1000, 700);
    view.setComparison(predictions_);
    QCOMPARE(view.rowCount(), 6);
    QVERIFY(view.agreement() >= 0 && view.agreement() <= 1);
    QVERIFY2(view.summaryText().contains("ms/image"), qPrintable(view.summaryText()));
    QVERIFY(view.plot()->plottableCount() == 2);  // float and quantized bars of the first image
    checkExported(view.plot(), dir_.path(), "inference");
  }

  void runsViewComparesTwoRuns() {
    RunsView view;
    auto a = std::make_shared<vq::RunSummary>(run_.summary), b = std::make_shared<vq::RunSummary>(run_.summary);
    b->method = "minmax";
    b->accuracy->top1 = 0.5;
    view.addRun(1, a);
    view.addRun(2, b);
    QCOMPARE(view.runCount(), 2);
    view.selectRuns({0});
    QCOMPARE(view.comparedKeyCount(), 0);
    view.selectRuns({0, 1});
    QVERIFY(view.comparedKeyCount() > 10);
  }

  void optionsPanelFollowsTheMethod() {
    MethodOptionsPanel panel;
    const auto specs = vq::describeOptions(vq::methodByName("brecq"), run_.model.loaded, 4, 4);
    panel.setSpecs(specs);
    QCOMPARE(panel.optionCount(), static_cast<int>(specs.size()));
    QVERIFY(panel.changedValues().empty());  // defaults are not sent: the run records the method's own
    QVERIFY(panel.setValue("iters", "50"));
    QVERIFY(panel.setValue("adaround", "false"));
    QVERIFY(!panel.setValue("iters", "-3"));
    QVERIFY(!panel.setValue("init_range", "median"));
    QVERIFY(!panel.setValue("no_such_key", "1"));
    const auto changed = panel.changedValues();
    QCOMPARE(changed.size(), size_t{2});
    QCOMPARE(changed.at("iters"), std::string("50"));
    // Switching method keeps what still applies.
    panel.setSpecs(vq::describeOptions(vq::methodByName("isvit"), run_.model.loaded, 4, 4));
    QCOMPARE(panel.changedValues().at("iters"), std::string("50"));
    QVERIFY(!panel.changedValues().count("adaround"));
    panel.resetToDefaults();
    QVERIFY(panel.changedValues().empty());
  }

  void exportRefusesBadTargets() {
    HistogramPlot plot;
    QVERIFY(chart::exportChart(&plot, dir_.path() + "/chart.gif").contains("unknown chart format"));
    const QString missing = dir_.path() + "/no/such/folder/chart.png";
    QVERIFY(chart::exportChart(&plot, missing).contains("does not exist"));
    QVERIFY(!QFile::exists(missing));
    QCOMPARE(QDir(dir_.path()).entryList({"*.part.*"}, QDir::Files | QDir::Hidden).size(), 0);
  }
};

QTEST_MAIN(TestStudioViews)
#include "tst_studio_views.moc"
