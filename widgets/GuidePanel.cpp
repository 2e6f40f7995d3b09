#include "widgets/GuidePanel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

GuidePanel::GuidePanel(const QString& text, const QString& exampleButton, QWidget* parent) : QFrame(parent) {
  setObjectName("guide");
  setFrameShape(QFrame::StyledPanel);
  setBackgroundRole(QPalette::AlternateBase);
  setAutoFillBackground(true);
  auto* layout = new QVBoxLayout(this);
  auto* title = new QLabel(QStringLiteral("<b>%1</b>").arg(tr("What am I looking at?")), this);
  text_ = new QLabel(text, this);
  text_->setWordWrap(true);
  text_->setTextFormat(Qt::RichText);
  button_ = new QPushButton(exampleButton, this);
  auto* buttons = new QHBoxLayout;
  buttons->addStretch(1);
  buttons->addWidget(button_);
  layout->addWidget(title);
  layout->addWidget(text_);
  layout->addLayout(buttons);
  connect(button_, &QPushButton::clicked, this, &GuidePanel::exampleRequested);
}

QString GuidePanel::text() const { return text_->text(); }
