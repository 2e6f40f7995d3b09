// vitquant-studio: the desktop workbench. Opens on the last model, else the built-in DeiT.
#include "app/studio/MainWindow.h"
#include "app/studio/ModelLoader.h"
#include "app/studio/ScreenshotTour.h"
#include "app/studio/Translations.h"
#include "core/util/allocator_tuning.h"
#include "core/util/version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>
#include <QThread>

#include <torch/torch.h>

int main(int argc, char** argv) {
  vq::keepFreedMemoryForReuse();
  QApplication app(argc, argv);
  QApplication::setOrganizationName("ViTQuant");
  QApplication::setApplicationName("ViTQuant Studio");
  QApplication::setApplicationVersion(QString::fromStdString(vq::engineVersion()));
  QApplication::setDesktopFileName("io.github.vitquant.Studio");
  installTranslators(app, languageSetting());

  QCommandLineParser parser;
  parser.setApplicationDescription(QApplication::translate("main", "ViTQuant Studio: quantize Vision Transformers"));
  parser.addHelpOption();
  parser.addVersionOption();
  QCommandLineOption modelOption("model", QApplication::translate("main", "Model to open (builtin:<name>, arch:<name> or a folder)."), "MODEL");
  parser.addOption(modelOption);
  QCommandLineOption screenshotOption(
      "screenshot", QApplication::translate("main", "Run a small calibration on the built-in DeiT, write a PNG of each view into DIR, exit."), "DIR");
  parser.addOption(screenshotOption);
  parser.process(app);

  // One LibTorch thread per core; the GUI runs one job at a time so Qt and torch threads don't oversubscribe.
  at::set_num_threads(std::max(1, QThread::idealThreadCount()));

  MainWindow window;
  window.show();
  if (parser.isSet(screenshotOption)) {
    const QString model = parser.isSet(modelOption) ? parser.value(modelOption) : "builtin:deit-fashion";
    auto* tour = new ScreenshotTour(&window, parser.value(screenshotOption), model);
    tour->start();
    return app.exec();
  }
  QString model = parser.value(modelOption);
  if (model.isEmpty()) model = QSettings().value("model/last").toString();
  if (model.isEmpty() && builtinModels().contains("builtin:deit-fashion")) model = "builtin:deit-fashion";
  if (model.isEmpty() && !builtinModels().isEmpty()) model = builtinModels().first();
  if (!model.isEmpty()) window.openModel(model);
  return app.exec();
}
