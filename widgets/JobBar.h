#pragma once
// The job bar under the views: what the running job is doing, how far it is, elapsed and estimated
// remaining time, and a Cancel button. It only displays; the job itself lives elsewhere.
#include <QElapsedTimer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

class JobBar : public QWidget {
  Q_OBJECT
public:
  explicit JobBar(QWidget* parent = nullptr);

  void start(const QString& title);
  void setProgress(double fraction, const QString& phase);
  void finish(const QString& outcome);
  bool isRunning() const { return running_; }
  QString phaseText() const;

Q_SIGNALS:
  void cancelRequested();

private:
  void updateTimes();

  QLabel* title_;
  QLabel* phase_;
  QProgressBar* bar_;
  QLabel* times_;
  QPushButton* cancel_;
  QElapsedTimer clock_;
  double fraction_ = 0;
  bool running_ = false;
};
