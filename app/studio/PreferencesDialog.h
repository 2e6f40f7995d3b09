#pragma once
// Preferences: the interface language and the folder runs are saved in. Both persist in QSettings; a new
// language takes effect at the next start (every view builds its strings once).
#include <QDialog>

class QComboBox;
class QLineEdit;

class PreferencesDialog : public QDialog {
  Q_OBJECT
public:
  explicit PreferencesDialog(QWidget* parent = nullptr);

  QComboBox* languageBox() const { return language_; }
  QLineEdit* runsFolderEdit() const { return runsFolder_; }
  // Stores the choices; true if the language changed (the caller says a restart applies it).
  bool apply();

private:
  QComboBox* language_;
  QLineEdit* runsFolder_;
};
