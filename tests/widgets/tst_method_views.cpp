// The method views fed with real engine data from the built-in DeiT: the quantizer fit with its bits
// slider, the loss landscape (curves and surface), the oscillation charts of a real modcap run and the
// attention entropy of a quantized run. Each fills, reacts, exports, and joins the run report.
#include "app/studio/StudioJobs.h"
#include "core/analysis/attention_entropy.h"
#include "core/analysis/landscape.h"
#include "core/analysis/quantizer_fit.h"
#include "core/data/dataset.h"
#include "core/run/quantize_run.h"
#include "widgets/ChartExport.h"
#include "widgets/EntropyView.h"
#include "widgets/GuidePanel.h"
#include "widgets/HeatMapPlot.h"
#include "widgets/LandscapeView.h"
#include "widgets/OscillationView.h"
#include "widgets/QuantizerFitView.h"
#include "widgets/RunReport.h"

#include <QPushButton>
#include <QSignalSpy>
#include <QtTest/QtTest>

#include <torch/torch.h>

namespace {

void checkPng(QCustomPlot* plot, const QString& path) {
  const QString error = chart::exportChart(plot, path);
  QVERIFY2(error.isEmpty(), qPrintable(error));
  const QImage image(path);
  QVERIFY(!image.isNull() && image.width() >= 200);
}

}  // namespace

class TestMethodViews : public QObject {
  Q_OBJECT

  vq::LoadedModel fp_;
  vq::QuantizeRun quantized_;
  std::shared_ptr<const vq::RunSummary> modcapSummary_;
  torch::Tensor images_;
  torch::Tensor labels_;
  QTemporaryDir dir_;

private Q_SLOTS:
  void initTestCase() {
    at::set_num_threads(2);
    fp_ = vq::openModel("builtin:deit-fashion");
    const auto data = vq::openDataset("fashion-mnist:train");
    const auto batch = vq::calibrationBatch(*data, 24, fp_.config.pretrained, 0);
    images_ = batch.images;
    labels_ = batch.labels;

    vq::QuantizeRequest r;
    r.model = "builtin:deit-fashion";
    r.method = "percentile";
    r.wbits = r.abits = 4;
    r.calib = 32;
    r.evalLimit = 50;
    quantized_ = vq::runQuantize(r);

    // A real, small modcap run: few images and steps, but every part of its report.
    r.method = "modcap";
    r.wbits = 2;
    r.calib = 16;
    r.evalLimit = 50;
    r.options = {{"iters", "20"}};
    modcapSummary_ = std::make_shared<const vq::RunSummary>(vq::runQuantize(r).summary);
  }

  void quantizerFitFollowsTheBitsSlider() {
    const auto sites = vq::softmaxSites(*fp_.model);
    QVERIFY(sites.size() >= 2);
    auto fit = std::make_shared<const vq::QuantizerFit>(vq::fitSoftmaxSite(fp_, images_, sites[1], 0));
    QuantizerFitView view;
    QStringList names;
    for (const auto& s : sites) names << QString::fromStdString(s);
    view.setSites(names);
    view.setFit(fit);
    QCOMPARE(view.site(), QString::fromStdString(sites[1]));
    // Every positive level of the chosen width is marked (a log axis has no place for 0).
    const auto positiveLevels = [&](const char* quantizer, int bits) {
      for (const auto& c : fit->curves)
        if (c.quantizer == quantizer && c.bits == bits) return static_cast<int>(std::count_if(c.levels.begin(), c.levels.end(), [](double v) { return v > 0; }));
      return -1;
    };
    view.setBits(3);
    for (const char* q : {"uniform", "log2", "sulq"}) QCOMPARE(view.levelMarkers(q), positiveLevels(q, 3));
    QVERIFY(view.levelMarkers("uniform") >= 7);
    QVERIFY(view.summary().contains("At 3 bits"));
    view.setBits(6);
    QCOMPARE(view.levelMarkers("uniform"), positiveLevels("uniform", 6));
    QVERIFY(view.levelMarkers("uniform") >= 63);
    QVERIFY(view.summary().contains("At 6 bits"));
    // The error curves: one point per width for each quantizer, and more bits never hurt uniform.
    QCOMPARE(view.errorPlot()->graph(0)->data()->size(), 7);
    QVERIFY(view.errorPlot()->graph(0)->data()->at(6)->value < view.errorPlot()->graph(0)->data()->at(0)->value);
    checkPng(view.plot(), dir_.path() + "/fit.png");
    checkPng(view.errorPlot(), dir_.path() + "/fit-error.png");

    QSignalSpy asked(&view, &QuantizerFitView::fitRequested);
    for (auto* b : view.findChildren<QPushButton*>())
      if (b->text() == QuantizerFitView::tr("Fit")) b->click();
    QCOMPARE(asked.count(), 1);
    QCOMPARE(asked.first().first().toString(), QString::fromStdString(sites[1]));
  }

  void landscapeDrawsCurvesAndSurface() {
    vq::LandscapeOptions o;
    o.bits = 4;
    o.grid = 5;
    o.radius = 0.5;
    auto layer = std::make_shared<const vq::Landscape>(vq::lossLandscape(fp_, images_, labels_, o));
    o.channelWise = true;
    auto channel = std::make_shared<const vq::Landscape>(vq::lossLandscape(fp_, images_, labels_, o));
    o.twoD = true;
    o.grid = 3;
    auto surface = std::make_shared<const vq::Landscape>(vq::lossLandscape(fp_, images_, labels_, o));

    LandscapeView view;
    QStringList blocks;
    for (const auto& b : vq::landscapeBlocks(*fp_.model)) blocks << QString::fromStdString(b);
    view.setBlocks(blocks);
    QVERIFY(!view.hasCurves() && !view.hasSurface());
    view.setCurves(layer, channel);
    QVERIFY(view.hasCurves());
    QCOMPARE(view.plot()->graph(0)->data()->size(), 5);
    QCOMPARE(view.plot()->graph(1)->data()->at(2)->value, channel->loss[0][2]);
    view.setSurface(surface, true);
    QVERIFY(view.hasSurface());
    QCOMPARE(view.heatMap()->cell(2, 1), surface->loss[2][1]);
    checkPng(view.plot(), dir_.path() + "/landscape.png");
    checkPng(view.heatMap(), dir_.path() + "/landscape-2d.png");

    QSignalSpy asked(&view, &LandscapeView::sweepRequested);
    view.setRequest({1, 3, true, true});
    for (auto* b : view.findChildren<QPushButton*>())
      if (b->text() == LandscapeView::tr("Sweep")) b->click();
    QCOMPARE(asked.count(), 1);
    const auto request = asked.first().first().value<LandscapeRequest>();
    QCOMPARE(request.block, 1);
    QCOMPARE(request.bits, 3);
    QVERIFY(request.twoD && request.channelWise);
  }

  void oscillationDrawsAModcapRun() {
    OscillationView view;
    view.setRun(std::make_shared<const vq::RunSummary>(quantized_.summary));  // a percentile run: nothing to draw
    QVERIFY(!view.hasData());
    view.setRun(modcapSummary_);
    QVERIFY(view.hasData());
    const auto& report = std::get<vq::ModcapReport>(modcapSummary_->report);
    QCOMPARE(view.unitCount(), static_cast<int>(report.capacity.size()));
    QCOMPARE(view.mergedCount(), static_cast<int>(report.merged.size()));
    QVERIFY(view.mergedCount() > 0);
    // The first merged unit is shown first; its curves come from both plans: 20 steps alone, 20 per member
    // of its merged group (one loss sample per step below 50 steps).
    const auto first = QString::fromStdString(report.merged.front()).split('+').front();
    QCOMPARE(view.selectedUnit(), first);
    qsizetype members = 0;
    for (const auto& u : report.units)
      if (QString::fromStdString(u.path).split('+').contains(first)) members = QString::fromStdString(u.path).split('+').size();
    QVERIFY(members >= 2);
    QCOMPARE(view.iterationPoints(), static_cast<int>(20 + 20 * members));
    QCOMPARE(view.plot()->graph(1)->data()->size(), view.unitCount());
    view.selectUnit(QString::fromStdString(report.capacity.back().unit));
    QCOMPARE(view.iterationPoints(), 40);
    checkPng(view.plot(), dir_.path() + "/oscillation.png");
    checkPng(view.capacityPlot(), dir_.path() + "/oscillation-capacity.png");
  }

  void entropyDrawsLayersHeadsAndMaps() {
    auto study = std::make_shared<vq::EntropyStudy>();
    study->runLabel = "#1 percentile W4A4";
    study->images = images_.size(0);
    study->fp = vq::floatEntropy(*fp_.model, images_, 4);
    study->run = vq::quantizedEntropy(quantized_.model, images_);
    const auto image = images_.narrow(0, 0, 1);
    study->picture = vq::displayImage(image, fp_.config.pretrained);
    study->fpMaps = vq::everyAttentionMap(*fp_.model, image);
    study->runMaps = vq::everyAttentionMap(quantized_.model.model(), image);
    QCOMPARE(study->picture.sizes(), (std::vector<int64_t>{image.size(2), image.size(3), 3}));
    QCOMPARE(study->fpMaps.size(), study->fp.layers.size());  // every DeiT layer sees the whole image

    EntropyView view;
    view.setStudy(study);
    view.showEntropy(EntropyView::Quantity::QueryCodes, EntropyView::Source::Run);
    QCOMPARE(view.plot()->cell(0, 0), study->run.layers[0].q[0]);
    view.showEntropy(EntropyView::Quantity::KeyCodes, EntropyView::Source::RunMinusFloat);
    const auto last = study->run.layers.size() - 1;
    QCOMPARE(view.plot()->cell(static_cast<int>(last), 2), study->run.layers[last].k[2] - study->fp.layers[last].k[2]);
    QVERIFY(view.summary().contains("#1 percentile W4A4"));
    QVERIFY(!view.overlay(0).isNull() && !view.overlay(1).isNull());
    const QImage mean = view.overlay(1);
    view.selectMap(QString::fromStdString(study->fpMaps.front().layer), 0);
    QVERIFY(view.overlay(1) != mean);  // one head of the first layer is not the mean of the last
    checkPng(view.plot(), dir_.path() + "/entropy.png");
  }

  void guideOffersTheExample() {
    EntropyView view;
    QSignalSpy asked(&view, &EntropyView::exampleRequested);
    QVERIFY(!view.guide()->isVisibleTo(&view));
    QVERIFY(view.guide()->text().contains("IRM"));
    view.guide()->exampleButton()->click();
    QCOMPARE(asked.count(), 1);
  }

  void reportHoldsTheMethodCharts() {
    ReportRun run;
    run.summary = modcapSummary_;
    const auto sites = vq::softmaxSites(*fp_.model);
    run.fit = std::make_shared<const vq::QuantizerFit>(vq::fitSoftmaxSite(fp_, images_, sites[0], 0));
    vq::LandscapeOptions o;
    o.grid = 3;
    run.landscapeLayer = std::make_shared<const vq::Landscape>(vq::lossLandscape(fp_, images_, labels_, o));
    auto study = std::make_shared<vq::EntropyStudy>();
    study->runLabel = "#1 modcap W2A4";
    study->fp = vq::floatEntropy(*fp_.model, images_, 4);
    study->run = vq::quantizedEntropy(quantized_.model, images_);
    study->picture = vq::displayImage(images_.narrow(0, 0, 1), fp_.config.pretrained);
    study->fpMaps = vq::everyAttentionMap(*fp_.model, images_.narrow(0, 0, 1));
    study->runMaps = study->fpMaps;
    run.entropy = study;
    const QString path = dir_.path() + "/report.html";
    QVERIFY(writeRunReport({run}, 0, path, "test").isEmpty());
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString html = QString::fromUtf8(f.readAll());
    for (const char* title : {"Quantizer fit of", "Loss landscape: layer-wise", "Oscillation: reconstruction loss along depth",
                              "Entropy of the quantized query codes", "Class-token attention"})
      QVERIFY2(html.contains(title), title);
    QVERIFY(html.count("data:image/png;base64,") >= 10);
  }
};

QTEST_MAIN(TestMethodViews)
#include "tst_method_views.moc"
