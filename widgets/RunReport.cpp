#include "widgets/RunReport.h"

#include "core/analysis/histogram_data.h"
#include "core/analysis/sensitivity_data.h"
#include "core/analysis/attention_entropy.h"
#include "core/analysis/landscape.h"
#include "core/analysis/quantizer_fit.h"
#include "core/run/run_summary.h"
#include "widgets/ChannelRangePlot.h"
#include "widgets/EntropyView.h"
#include "widgets/HeatMapPlot.h"
#include "widgets/HistogramPlot.h"
#include "widgets/LandscapeView.h"
#include "widgets/OscillationView.h"
#include "widgets/QuantizerFitView.h"
#include "widgets/SaveTarget.h"
#include "widgets/SensitivityView.h"

#include <QBuffer>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QTextDocument>

#include <set>

namespace {

constexpr int kChartWidth = 900, kChartHeight = 420;
constexpr int kHistogramSites = 4;  // the most sensitive activation sites get a histogram each

struct Chart {
  QString title;
  QImage image;
};

QString esc(const QString& s) { return s.toHtmlEscaped(); }

QString text(const std::string& s) { return QString::fromStdString(s); }

QImage render(QCustomPlot* plot) {
  plot->resize(kChartWidth, kChartHeight);
  plot->replot(QCustomPlot::rpImmediateRefresh);
  return plot->toPixmap(kChartWidth, kChartHeight).toImage();
}

// Sites to show: the most sensitive ones first (activation sites, whose histograms tell most), then any
// post-LayerNorm input so the inter-channel variation is in every report.
std::vector<const vq::SiteHistogram*> chosenHistograms(const ReportRun& run) {
  std::vector<const vq::SiteHistogram*> out;
  if (!run.histograms) return out;
  std::set<std::string> taken;
  const auto add = [&](const std::string& site) {
    for (const auto& h : *run.histograms)
      if (h.site == site && !taken.count(site) && !h.quantizer.empty()) {
        out.push_back(&h);
        taken.insert(site);
        return;
      }
  };
  if (run.sensitivity)
    for (const auto& s : run.sensitivity->sites)
      if (s.kind != "weight" && static_cast<int>(out.size()) < kHistogramSites) add(s.site);
  for (const auto& h : *run.histograms)
    if (!h.channelMin.empty() && h.site.find("qkv.input") != std::string::npos) {
      add(h.site);
      break;
    }
  for (const auto& h : *run.histograms)
    if (static_cast<int>(out.size()) < kHistogramSites) add(h.site);
  return out;
}

// Two maps side by side on white, each with its caption underneath.
QImage sideBySide(const QImage& left, const QImage& right, const QString& leftCaption, const QString& rightCaption) {
  constexpr int kGap = 16, kCaption = 28;
  QImage out(left.width() + right.width() + 3 * kGap, std::max(left.height(), right.height()) + kCaption + 2 * kGap, QImage::Format_RGB32);
  out.fill(Qt::white);
  QPainter p(&out);
  p.drawImage(kGap, kGap, left);
  p.drawImage(2 * kGap + left.width(), kGap, right);
  p.setPen(Qt::black);
  const int y = kGap + std::max(left.height(), right.height());
  p.drawText(QRect(kGap, y, left.width(), kCaption), Qt::AlignCenter, leftCaption);
  p.drawText(QRect(2 * kGap + left.width(), y, right.width(), kCaption), Qt::AlignCenter, rightCaption);
  return out;
}

// The charts of the method views this run has data for.
void methodCharts(const ReportRun& run, std::vector<Chart>& out) {
  if (run.fit) {
    QuantizerFitView view;
    view.setFit(run.fit);
    view.setBits(std::clamp(run.summary->abits, 2, 8));
    out.push_back({QObject::tr("Quantizer fit of %1 at %2 bits").arg(QString::fromStdString(run.fit->site)).arg(view.bits()), render(view.plot())});
    out.push_back({QObject::tr("Quantizer fit: error against bits"), render(view.errorPlot())});
    out.push_back({QObject::tr("Quantizer fit: values on the floor level against bits"), render(view.floorPlot())});
  }
  if (run.landscapeLayer || run.landscapeChannel || run.landscapeSurface) {
    LandscapeView view;
    if (run.landscapeLayer || run.landscapeChannel) {
      view.setCurves(run.landscapeLayer, run.landscapeChannel);
      out.push_back({QObject::tr("Loss landscape: layer-wise vs channel-wise post-LayerNorm steps"), render(view.plot())});
    }
    if (run.landscapeSurface) {
      view.setSurface(run.landscapeSurface, run.surfaceChannelWise);
      out.push_back({QObject::tr("Loss landscape in two directions"), render(view.heatMap())});
    }
  }
  if (run.summary->method == "modcap") {
    OscillationView view;
    view.setRun(run.summary);
    if (view.hasData()) {
      out.push_back({QObject::tr("Oscillation: capacities and neighbour differentials"), render(view.capacityPlot())});
      out.push_back({QObject::tr("Oscillation: reconstruction loss along depth"), render(view.plot())});
      out.push_back({QObject::tr("Oscillation: loss against iteration of %1").arg(view.selectedUnit()), render(view.iterationPlot())});
    }
  }
  if (run.entropy) {
    EntropyView view;
    view.setStudy(run.entropy);
    view.showEntropy(EntropyView::Quantity::QueryCodes, EntropyView::Source::Run);
    out.push_back({QObject::tr("Entropy of the quantized query codes per layer and head"), render(view.plot())});
    view.showEntropy(EntropyView::Quantity::QueryCodes, EntropyView::Source::RunMinusFloat);
    out.push_back({QObject::tr("Query-code entropy: run minus float"), render(view.plot())});
    if (!view.overlay(0).isNull() && !view.overlay(1).isNull())
      out.push_back({QObject::tr("Class-token attention, mean of the heads, last layer"),
                     sideBySide(view.overlay(0), view.overlay(1), QObject::tr("float"), QString::fromStdString(run.entropy->runLabel))});
  }
}

std::vector<Chart> charts(const ReportRun& run) {
  std::vector<Chart> out;
  if (run.sensitivity) {
    SensitivityView view;
    view.setReport(run.sensitivity);
    out.push_back({QObject::tr("Sensitivity: each site quantized alone, worst first"), render(view.plot())});
  }
  for (const auto* h : chosenHistograms(run)) {
    HistogramPlot plot;
    plot.setHistogram(*h);
    out.push_back({QObject::tr("Histogram of %1").arg(QString::fromStdString(h->site)), render(&plot)});
    if (!h->channelMin.empty()) {
      ChannelRangePlot channels;
      channels.setRanges(QString::fromStdString(h->site), h->channelMin, h->channelMax);
      out.push_back({QObject::tr("Per-channel ranges of %1").arg(QString::fromStdString(h->site)), render(&channels)});
    }
  }
  methodCharts(run, out);
  return out;
}

QString runsTable(const QList<ReportRun>& runs, int subject) {
  QString html = "<table border='1' cellspacing='0' cellpadding='4'><tr><th>#</th><th>Model</th><th>Method</th><th>W/A</th>"
                 "<th>Top-1</th><th>Float top-1</th><th>&Delta;</th><th>Time</th></tr>";
  for (int i = 0; i < runs.size(); ++i) {
    const auto& s = *runs[i].summary;
    const double top1 = s.accuracy ? s.accuracy->top1 : 0, fp = s.accuracy ? s.accuracy->fpTop1 : 0;
    html += QString("<tr%1><td>%2</td><td>%3</td><td>%4</td><td>W%5A%6</td><td align='right'>%7 %</td><td align='right'>%8 %</td>"
                    "<td align='right'>%9 pts</td><td align='right'>%10 s</td></tr>")
                .arg(i == subject ? " style='font-weight:bold'" : "")
                .arg(i + 1)
                .arg(esc(text(s.model)), esc(text(s.method)))
                .arg(s.wbits)
                .arg(s.abits)
                .arg(100 * top1, 0, 'f', 2)
                .arg(100 * fp, 0, 'f', 2)
                .arg(100 * (top1 - fp), 0, 'f', 2)
                .arg(s.seconds, 0, 'f', 1);
  }
  return html + "</table>";
}

QString settingsTable(const vq::RunSummary& s) {
  QString html = "<table border='1' cellspacing='0' cellpadding='4'>";
  const auto row = [&](const QString& k, const QString& v) { html += "<tr><td>" + esc(k) + "</td><td>" + esc(v) + "</td></tr>"; };
  row("model", text(s.model));
  row("method", text(s.method));
  row("wbits", QString::number(s.wbits));
  row("abits", QString::number(s.abits));
  row("data", text(s.data));
  row("calib_data", text(s.calibData));
  row("calib", QString::number(s.calib));
  if (s.accuracy) row("n", QString::number(s.accuracy->n));
  row("seed", QString::number(s.seed));
  QStringList floats;
  for (const auto& f : s.floatSites) floats << text(f);
  row("float_sites", floats.join(", "));
  for (const auto& [key, value] : s.options) row("option " + text(key), text(vq::optionText(value)));
  return html + "</table>";
}

// The document, with charts referenced as "chartN.png" (resources for the PDF, data URIs for HTML).
QString documentHtml(const QList<ReportRun>& runs, int subject, const std::vector<Chart>& charts, const QString& versions, bool inlineImages) {
  const auto& s = *runs[subject].summary;
  QString html = "<html><head><meta charset='utf-8'><title>ViTQuant Studio report</title></head><body style='font-family:sans-serif'>";
  html += QString("<h1>%1 W%2A%3 on %4</h1>").arg(esc(text(s.method))).arg(s.wbits).arg(s.abits).arg(esc(text(s.model)));
  const vq::RunAccuracy a = s.accuracy.value_or(vq::RunAccuracy{});
  html += QString("<p>Top-1 <b>%1 %</b> against float %2 % (%3 points) on %4 images of %5; top-5 %6 %. Run took %7 s.</p>")
              .arg(100 * a.top1, 0, 'f', 2)
              .arg(100 * a.fpTop1, 0, 'f', 2)
              .arg(100 * (a.top1 - a.fpTop1), 0, 'f', 2)
              .arg(a.n)
              .arg(esc(text(s.data)))
              .arg(100 * a.top5, 0, 'f', 2)
              .arg(s.seconds, 0, 'f', 1);
  html += "<h2>Runs</h2>" + runsTable(runs, subject);
  html += "<h2>Settings</h2>" + settingsTable(s);
  html += "<h2>Charts</h2>";
  if (charts.empty()) html += "<p>This run has no histograms or analyses.</p>";
  for (size_t i = 0; i < charts.size(); ++i) {
    QString src = QString("chart%1.png").arg(i);
    if (inlineImages) {
      QByteArray png;
      QBuffer buffer(&png);
      buffer.open(QIODevice::WriteOnly);
      charts[i].image.save(&buffer, "PNG");
      src = "data:image/png;base64," + QString::fromLatin1(png.toBase64());
    }
    html += "<h3>" + esc(charts[i].title) + "</h3><p><img src='" + src + "' width='640'></p>";
  }
  html += "<h2>Versions</h2><p>" + esc(versions) + "<br>Written " + QDateTime::currentDateTime().toString(Qt::ISODate) + "</p>";
  return html + "</body></html>";
}

}  // namespace

QString writeRunReport(const QList<ReportRun>& runs, int subject, const QString& path, const QString& versions) {
  if (subject < 0 || subject >= runs.size()) return QObject::tr("%1: no run to report").arg(path);
  if (const QString error = save::checkTarget(path, {"pdf", "html", "htm"}, QObject::tr("report")); !error.isEmpty()) return error;
  const QString suffix = QFileInfo(path).suffix().toLower();
  const auto images = charts(runs[subject]);
  const QString tmp = save::partPath(path);
  bool ok = false;
  if (suffix == "pdf") {
    QTextDocument doc;
    for (size_t i = 0; i < images.size(); ++i) doc.addResource(QTextDocument::ImageResource, QUrl(QString("chart%1.png").arg(i)), images[i].image);
    doc.setHtml(documentHtml(runs, subject, images, versions, false));
    {
      QPdfWriter pdf(tmp);
      pdf.setPageSize(QPageSize(QPageSize::A4));
      pdf.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
      pdf.setResolution(110);
      pdf.setTitle(QObject::tr("ViTQuant Studio report"));
      pdf.setCreator("ViTQuant Studio");
      doc.setPageSize(pdf.pageLayout().paintRectPixels(pdf.resolution()).size());
      doc.print(&pdf);
    }  // the writer finishes the file when destroyed
    ok = QFileInfo(tmp).size() > 0;
  } else {
    QFile out(tmp);
    ok = out.open(QIODevice::WriteOnly | QIODevice::Truncate) && out.write(documentHtml(runs, subject, images, versions, true).toUtf8()) > 0;
    out.close();
  }
  return save::finish(tmp, path, ok, QObject::tr("report"));
}
