#include "app/studio/Translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

QList<StudioLanguage> studioLanguages() {
  return {{"", QCoreApplication::translate("Translations", "System default")},
          {"en", QStringLiteral("English")},
          {"ja", QStringLiteral("日本語")},
          {"zh_CN", QStringLiteral("简体中文")}};
}

QString languageSetting() { return QSettings().value("view/language").toString(); }

void setLanguageSetting(const QString& code) { QSettings().setValue("view/language", code); }

QString translationsDir() {
  // Installed: <prefix>/bin/vitquant-studio beside <prefix>/share/vitquant/translations.
  const QDir installed(QCoreApplication::applicationDirPath() + "/../share/vitquant/translations");
  if (!installed.entryList({"vitquant_*.qm"}, QDir::Files).isEmpty()) return installed.canonicalPath();
  const QDir build(QStringLiteral(VQ_BUILD_TRANSLATIONS_DIR));
  if (!build.entryList({"vitquant_*.qm"}, QDir::Files).isEmpty()) return build.canonicalPath();
  return {};
}

QString installTranslators(QCoreApplication& app, const QString& code) {
  // QLocale() is the system locale unless the program set another default.
  const QLocale locale = code.isEmpty() ? QLocale() : QLocale(code);
  if (code == "en") return "en";
  auto* studio = new QTranslator(&app);
  // QTranslator::load(QLocale, …) walks the locale's UI languages (ja-JP, ja, …) and takes the first match.
  if (!studio->load(locale, "vitquant", "_", translationsDir())) {
    delete studio;
    return "en";
  }
  app.installTranslator(studio);
  auto* qt = new QTranslator(&app);
  if (qt->load(locale, "qtbase", "_", QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
    app.installTranslator(qt);
  else
    delete qt;
  return studio->language();
}
