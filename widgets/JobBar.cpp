#include "widgets/JobBar.h"

#include "widgets/EnginePhase.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>

namespace {

QString clockText(qint64 ms) {
  const qint64 s = ms / 1000;
  return s >= 3600 ? QString("%1:%2:%3").arg(s / 3600).arg(s / 60 % 60, 2, 10, QChar('0')).arg(s % 60, 2, 10, QChar('0'))
                   : QString("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QChar('0'));
}

}  // namespace

JobBar::JobBar(QWidget* parent) : QWidget(parent) {
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(6, 2, 6, 2);
  title_ = new QLabel(tr("Idle"), this);
  phase_ = new QLabel(this);
  phase_->setMinimumWidth(180);
  bar_ = new QProgressBar(this);
  bar_->setRange(0, 1000);
  bar_->setTextVisible(false);
  times_ = new QLabel(this);
  cancel_ = new QPushButton(tr("Cancel"), this);
  cancel_->setEnabled(false);
  cancel_->setShortcut(Qt::Key_Escape);
  cancel_->setToolTip(tr("Stop the running job (Esc); nothing of it is kept"));
  layout->addWidget(title_);
  layout->addWidget(phase_, 1);
  layout->addWidget(bar_, 2);
  layout->addWidget(times_);
  layout->addWidget(cancel_);
  connect(cancel_, &QPushButton::clicked, this, [this] {
    cancel_->setEnabled(false);
    phase_->setText(tr("cancelling…"));
    Q_EMIT cancelRequested();
  });
  // Elapsed time keeps moving between progress reports.
  auto* tick = new QTimer(this);
  tick->setInterval(500);
  connect(tick, &QTimer::timeout, this, [this] {
    if (running_) updateTimes();
  });
  tick->start();
}

void JobBar::start(const QString& title) {
  running_ = true;
  fraction_ = 0;
  clock_.start();
  title_->setText("<b>" + title.toHtmlEscaped() + "</b>");
  phase_->setText(tr("starting…"));
  bar_->setValue(0);
  cancel_->setEnabled(true);
  updateTimes();
}

void JobBar::setProgress(double fraction, const QString& phase) {
  fraction_ = std::clamp(fraction, 0.0, 1.0);
  bar_->setValue(static_cast<int>(fraction_ * 1000));
  if (!phase.isEmpty()) phase_->setText(translatedEnginePhase(phase));
  updateTimes();
}

void JobBar::finish(const QString& outcome) {
  running_ = false;
  cancel_->setEnabled(false);
  phase_->setText(outcome);
  bar_->setValue(bar_->maximum());
  times_->setText(clock_.isValid() ? clockText(clock_.elapsed()) : QString());
}

QString JobBar::phaseText() const { return phase_->text(); }

void JobBar::updateTimes() {
  const qint64 elapsed = clock_.elapsed();
  QString text = tr("elapsed %1").arg(clockText(elapsed));
  // A remaining-time guess only once there is enough progress to extrapolate from.
  if (fraction_ > 0.02 && elapsed > 2000) text += tr(", about %1 left").arg(clockText(static_cast<qint64>(elapsed * (1 - fraction_) / fraction_)));
  times_->setText(text);
}
