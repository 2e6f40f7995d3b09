#include "app/studio/PreferencesDialog.h"

#include "app/studio/StudioSession.h"
#include "app/studio/Translations.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

PreferencesDialog::PreferencesDialog(QWidget* parent) : QDialog(parent), language_(new QComboBox), runsFolder_(new QLineEdit) {
  setWindowTitle(tr("Preferences"));
  for (const auto& lang : studioLanguages()) language_->addItem(lang.name, lang.code);
  language_->setCurrentIndex(std::max(0, language_->findData(languageSetting())));

  runsFolder_->setText(StudioSession::runsRoot());
  auto* browse = new QPushButton(tr("Browse…"));
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder for saved runs"), runsFolder_->text());
    if (!dir.isEmpty()) runsFolder_->setText(dir);
  });
  auto* runsRow = new QHBoxLayout;
  runsRow->addWidget(runsFolder_, 1);
  runsRow->addWidget(browse);

  auto* form = new QFormLayout;
  form->addRow(tr("&Language:"), language_);
  auto* note = new QLabel(tr("A new language applies when the studio starts again."));
  note->setWordWrap(true);
  form->addRow(QString(), note);
  form->addRow(tr("&Runs folder:"), runsRow);

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addStretch(1);
  layout->addWidget(buttons);
  resize(520, sizeHint().height());
}

bool PreferencesDialog::apply() {
  const QString folder = runsFolder_->text().trimmed();
  if (!folder.isEmpty() && folder != StudioSession::runsRoot()) QSettings().setValue("paths/runs", folder);
  const QString code = language_->currentData().toString();
  const bool changed = code != languageSetting();
  setLanguageSetting(code);
  return changed;
}
