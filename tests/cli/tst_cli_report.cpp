// Reports from the command line: `quantize --save-run` keeps a brecq W4A4 run (summary, histograms,
// sensitivity, model); `report` turns it into a PDF whose every page renders and which carries the charts
// and the runs table, or into one self-contained HTML file. Broken run folders and targets get one line.
#include "cli_runner.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest/QtTest>

class TestCliReport : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  QString run_;

  static QString tool(const QString& name) { return QStandardPaths::findExecutable(name); }

private Q_SLOTS:
  void initTestCase() {
    run_ = tmp_.filePath("brecq-w4a4");
    // brecq W4A4 on a small calibration: the run is real, only shorter than the default.
    const auto r = runCli({"quantize", "--model", "builtin:deit-fashion", "--method", "brecq", "--wbits", "4", "--abits", "4", "--calib", "64",
                           "--eval-limit", "200", "--set", "iters=20", "--save-run", run_, "--sensitivity-images", "50", "--json", "--threads", "2"},
                          900000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object()["run"].toString(), run_);
    for (const auto* f : {"run.json", "histograms.json", "sensitivity.json", "model/quant.json"}) QVERIFY2(QFile::exists(run_ + "/" + f), f);
    QVERIFY(!QFile::exists(run_ + ".part"));
  }

  void pdfReportRendersEveryPage() {
    const QString pdf = tmp_.filePath("report.pdf");
    const auto r = runCli({"report", "--run", run_, "--out", pdf, "--json"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const auto j = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QVERIFY(j["sensitivity"].toBool());
    QFile f(pdf);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    QVERIFY(bytes.startsWith("%PDF-"));
    if (tool("pdftoppm").isEmpty() || tool("pdfinfo").isEmpty() || tool("pdftotext").isEmpty())
      QSKIP("poppler-utils is not installed (scripts/packages.txt installs it)");
    QProcess info;
    info.start(tool("pdfinfo"), {pdf});
    QVERIFY(info.waitForFinished(30000));
    const auto pages = QRegularExpression("Pages:\\s+(\\d+)").match(QString::fromUtf8(info.readAllStandardOutput())).captured(1).toInt();
    QVERIFY2(pages >= 2, qPrintable(QString::number(pages)));
    QCOMPARE(QProcess::execute(tool("pdftoppm"), {"-png", "-r", "30", pdf, tmp_.filePath("page")}), 0);
    QCOMPARE(QDir(tmp_.path()).entryList({"page*.png"}, QDir::Files).size(), pages);  // every page rendered
    // The table and the charts are in it: the runs table's text, and one image per chart.
    QProcess text;
    text.start(tool("pdftotext"), {pdf, "-"});
    QVERIFY(text.waitForFinished(30000));
    const QString body = QString::fromUtf8(text.readAllStandardOutput());
    for (const auto* s : {"Runs", "brecq", "W4A4", "Settings", "Sensitivity", "Histogram of"}) QVERIFY2(body.contains(s), s);
    if (!tool("pdfimages").isEmpty()) {
      QProcess images;
      images.start(tool("pdfimages"), {"-list", pdf});
      QVERIFY(images.waitForFinished(30000));
      const int listed = QString::fromUtf8(images.readAllStandardOutput()).trimmed().count('\n') - 1;  // two header lines
      QVERIFY2(listed >= 4, qPrintable(QString::number(listed)));
    }
  }

  void htmlReportIsSelfContained() {
    const QString html = tmp_.filePath("report.html");
    const auto r = runCli({"report", "--run", run_, "--out", html});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QFile f(html);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString page = QString::fromUtf8(f.readAll());
    QVERIFY(page.contains("<table"));
    QVERIFY(page.count("data:image/png;base64,") >= 4);
  }

  void badRunsAndTargetsAreRefused() {
    verifyCliError({"report", "--run", tmp_.filePath("missing"), "--out", tmp_.filePath("x.pdf")}, 1, "is not a folder");
    verifyCliError({"report", "--run", tmp_.path(), "--out", tmp_.filePath("x.pdf")}, 1, "no run.json");
    const QString broken = tmp_.filePath("broken");
    QDir().mkpath(broken);
    QFile j(broken + "/run.json");
    QVERIFY(j.open(QIODevice::WriteOnly));
    j.write("{\"model\": \"builtin:deit-fashion\", \"method\":");
    j.close();
    verifyCliError({"report", "--run", broken, "--out", tmp_.filePath("x.pdf")}, 1, "run.json");
    verifyCliError({"report", "--run", run_, "--out", tmp_.filePath("x.docx")}, 1, "unknown report format");
    verifyCliError({"report", "--run", run_, "--out", tmp_.filePath("no/dir/x.pdf")}, 1, "does not exist");
    QVERIFY(!QFile::exists(tmp_.filePath("x.pdf")));
    verifyCliError({"quantize", "--model", "builtin:deit-fashion", "--method", "minmax", "--wbits", "8", "--abits", "8", "--save-run", run_}, 2,
                   "already exists");
  }
};

QTEST_GUILESS_MAIN(TestCliReport)
#include "tst_cli_report.moc"
