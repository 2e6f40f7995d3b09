// The studio shell: opening a model folder on a worker thread fills the structure view;
// a broken folder reports an error instead.
#include "app/studio/MainWindow.h"
#include "widgets/ModelStructureView.h"

#include <QSignalSpy>
#include <QtTest/QtTest>

class TestMainWindow : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void initTestCase() {
    QCoreApplication::setOrganizationName("ViTQuantTest");
    QStandardPaths::setTestModeEnabled(true);
  }

  void opensGoldenModels_data() {
    QTest::addColumn<QString>("folder");
    QTest::addColumn<int>("minSites");
    QTest::newRow("deit") << "deit_tiny_e96d3h3p8_img32" << 50;
    QTest::newRow("swin") << "swin_e32_d22_h24_w4_img64" << 60;
    QTest::newRow("mobilevit") << "mobilevit_xxs_img64" << 100;
  }

  void opensGoldenModels() {
    QFETCH(QString, folder);
    QFETCH(int, minSites);
    MainWindow window;
    QSignalSpy loaded(&window, &MainWindow::modelLoaded);
    window.openModel(QString(VQ_TEST_DATA) + "/golden/" + folder);
    QVERIFY(window.isLoading());
    QVERIFY(loaded.wait(20000));
    QVERIFY(!window.isLoading());
    QVERIFY(window.structureView()->moduleCount() > 5);
    QVERIFY2(window.structureView()->siteCount() >= minSites, qPrintable(QString::number(window.structureView()->siteCount())));
    QVERIFY(window.windowTitle().contains(folder));
  }

  void reportsBrokenFolder() {
    QTemporaryDir dir;
    MainWindow window;
    QSignalSpy failed(&window, &MainWindow::modelFailed);
    window.openModel(dir.path());
    QVERIFY(failed.wait(10000));
    QVERIFY(failed.first().first().toString().contains("config.json"));
    QCOMPARE(window.structureView()->moduleCount(), 0);
  }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
