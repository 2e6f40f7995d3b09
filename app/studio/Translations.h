#pragma once
// The studio's interface language. The user's choice lives in QSettings "view/language" ("" follows the
// system locale); the compiled catalogues (vitquant_<lang>.qm) are installed in share/vitquant/translations
// and, in a build tree, sit in the build folder. CLI messages stay English: only the studio loads them.
#include <QList>
#include <QString>

class QCoreApplication;

struct StudioLanguage {
  QString code;  // "" (system), "en", "ja", "zh_CN"
  QString name;  // in its own language, so a user who cannot read the current one still finds theirs
};

// The choices the Preferences dialog offers, "" (system) first.
QList<StudioLanguage> studioLanguages();
QString languageSetting();
void setLanguageSetting(const QString& code);
// The folder holding vitquant_*.qm, or "" if none is found.
QString translationsDir();
// Installs the studio's catalogue (and Qt's own, for standard dialogs, when the system has it) for `code`
// ("" = the system locale). Returns the language actually loaded ("en" when no catalogue matches).
QString installTranslators(QCoreApplication& app, const QString& code);
