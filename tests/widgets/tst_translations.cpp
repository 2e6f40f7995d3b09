// The studio in Japanese and Chinese: the catalogues load for a language code or the locale, every menu,
// tab and dock title of the main window is translated, and Preferences stores the language choice.
#include "app/studio/MainWindow.h"
#include "app/studio/PreferencesDialog.h"
#include "app/studio/Translations.h"
#include "widgets/EnginePhase.h"

#include <QComboBox>
#include <QDockWidget>
#include <QMenuBar>
#include <QTabWidget>
#include <QtTest/QtTest>

namespace {

void removeTranslators() {
  for (auto* t : qApp->findChildren<QTranslator*>()) {
    QCoreApplication::removeTranslator(t);
    delete t;
  }
}

// Menu titles, tab titles and dock titles: the window's visible chrome.
QStringList chrome(const MainWindow& window) {
  QStringList texts;
  for (auto* action : window.menuBar()->actions()) texts << action->text();
  for (int i = 0; i < window.tabs()->count(); ++i) texts << window.tabs()->tabText(i);
  for (auto* dock : window.findChildren<QDockWidget*>()) texts << dock->windowTitle();
  return texts;
}

bool hasCjk(const QString& text) {
  for (const QChar c : text)
    if (c.unicode() >= 0x3040 && c.unicode() <= 0x9fff) return true;
  return false;
}

}  // namespace

class TestTranslations : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void initTestCase() {
    QCoreApplication::setOrganizationName("ViTQuantTest");
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(!translationsDir().isEmpty(), "no compiled catalogues (vitquant_*.qm) found");
  }
  void cleanup() { removeTranslators(); }

  void windowIsTranslated_data() {
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("file");
    QTest::newRow("ja") << "ja" << QString::fromUtf8("ファイル(&F)");
    QTest::newRow("zh_CN") << "zh_CN" << QString::fromUtf8("文件(&F)");
  }
  void windowIsTranslated() {
    QFETCH(QString, code);
    QFETCH(QString, file);
    const QStringList english = chrome(MainWindow());
    QCOMPARE(installTranslators(*qApp, code), code);
    MainWindow window;
    const QStringList translated = chrome(window);
    QCOMPARE(translated.size(), english.size());
    QCOMPARE(window.menuBar()->actions().first()->text(), file);
    for (int i = 0; i < translated.size(); ++i)
      QVERIFY2(translated[i] != english[i] && hasCjk(translated[i]), qPrintable(english[i] + " → " + translated[i]));
  }

  void localeChoosesTheCatalogue() {
    const QLocale saved;
    QLocale::setDefault(QLocale("ja_JP"));
    // "" follows the locale; QTranslator walks its UI languages (ja-JP, then ja).
    const QString loaded = installTranslators(*qApp, QString());
    QLocale::setDefault(saved);
    QCOMPARE(loaded, QString("ja"));
    QCOMPARE(QCoreApplication::translate("MainWindow", "&File"), QString::fromUtf8("ファイル(&F)"));
  }

  // The engine's English phases: known words translated, names and numbers kept, longest phrase first.
  void enginePhasesAreTranslated() {
    const QString qat = "QAT epoch 1/2 step 5/900 loss 0.123";
    QCOMPARE(translatedEnginePhase(qat), qat);  // no catalogue: unchanged
    QCOMPARE(installTranslators(*qApp, "ja"), QString("ja"));
    QCOMPARE(translatedEnginePhase(qat), QString::fromUtf8("QAT エポック 1/2 ステップ 5/900 損失 0.123"));
    QCOMPARE(translatedEnginePhase("reconstructing blocks.3 (4/12)"), QString::fromUtf8("再構成中 blocks.3 (4/12)"));
    QCOMPARE(translatedEnginePhase("reconstruction done"), QString::fromUtf8("再構成完了"));
    QCOMPARE(translatedEnginePhase("calibrating: ranges"), QString::fromUtf8("キャリブレーション: 範囲"));
    QCOMPARE(translatedEnginePhase("reading /data/runs/7"), QString::fromUtf8("読み込み中 /data/runs/7"));
    QCOMPARE(translatedEnginePhase("something new"), QString("something new"));
  }

  void unknownLanguageStaysEnglish() {
    QCOMPARE(installTranslators(*qApp, "fr"), QString("en"));
    QCOMPARE(installTranslators(*qApp, "en"), QString("en"));
    QVERIFY(qApp->findChildren<QTranslator*>().isEmpty());
    QCOMPARE(QCoreApplication::translate("MainWindow", "&File"), QString("&File"));
  }

  void preferencesStoreTheLanguage() {
    setLanguageSetting(QString());
    PreferencesDialog dialog;
    QCOMPARE(dialog.languageBox()->count(), studioLanguages().size());
    QCOMPARE(dialog.languageBox()->currentData().toString(), QString());
    dialog.languageBox()->setCurrentIndex(dialog.languageBox()->findData("zh_CN"));
    QVERIFY(dialog.apply());
    QCOMPARE(languageSetting(), QString("zh_CN"));
    QVERIFY(!dialog.apply());  // unchanged: no restart needed
    PreferencesDialog reopened;
    QCOMPARE(reopened.languageBox()->currentData().toString(), QString("zh_CN"));
    setLanguageSetting(QString());
  }
};

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
