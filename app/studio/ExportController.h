#pragma once
// What leaves the studio: the current tab's chart (PNG, SVG, PDF), the current run's report (HTML or PDF, with
// every run of the session in its table and the float model's analyses), and the current run's saved model as
// ONNX with QuantizeLinear/DequantizeLinear (a job; a refusal — a quantizer with no QDQ form, an integer-only
// model — is the job's error). "Export ONNX with Float Sites" writes such quantizers in float instead.
#include "app/studio/StudioViews.h"

#include <QObject>

class QMenu;
class StudioSession;

class ExportController : public QObject {
  Q_OBJECT
public:
  ExportController(StudioSession& session, const StudioViews& views, QObject* parent = nullptr);

  // Export Chart, Export Report, Export ONNX (and with float sites).
  void addMenuActions(QMenu* file);
  void exportCurrentChart();
  // "" or the error, which also goes to the log.
  QString exportReport(const QString& path);
  // False if there is no run or a job is running; refusals arrive as the job's error.
  bool startOnnxExport(const QString& path, bool floatSitesOk = false);

private:
  StudioSession& session_;
  StudioViews views_;
};
