#pragma once
// The sensitivity tab: every quantized site, quantized alone, worst first — its top-1 drop and its SQNR
// as bars, and a sortable table of all the numbers. Clicking a bar or a row selects that site.
#include <QWidget>

#include <memory>

namespace vq {
struct SensitivityReport;
}
class QCustomPlot;
class QCPBars;
class QLabel;
class QSpinBox;
class QTableWidget;

class SensitivityView : public QWidget {
  Q_OBJECT
public:
  explicit SensitivityView(QWidget* parent = nullptr);

  void setReport(std::shared_ptr<const vq::SensitivityReport> report);
  void clear();
  int barCount() const;
  int rowCount() const;
  QCustomPlot* plot() const { return plot_; }

Q_SIGNALS:
  void siteClicked(const QString& site);

private:
  void redraw();

  QCustomPlot* plot_;
  QCPBars* drop_;
  QCPBars* sqnr_;
  QSpinBox* shown_;
  QLabel* summary_;
  QTableWidget* table_;
  std::shared_ptr<const vq::SensitivityReport> report_;
};
