#pragma once
// Guided mode's "what am I looking at" box, one per method view: what the chart draws, what the seed paper
// found, and a button that sets up the paper's canonical example. Hidden unless View → Guided Mode is on.
#include <QFrame>

class QLabel;
class QPushButton;

class GuidePanel : public QFrame {
  Q_OBJECT
public:
  // `text` is rich text (already translated by the view that owns the panel).
  GuidePanel(const QString& text, const QString& exampleButton, QWidget* parent = nullptr);
  QString text() const;
  QPushButton* exampleButton() const { return button_; }

Q_SIGNALS:
  void exampleRequested();

private:
  QLabel* text_;
  QPushButton* button_;
};
