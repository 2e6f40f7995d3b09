#include "widgets/EnginePhase.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <algorithm>
#include <vector>

namespace {

// Every phrase core/ and the studio's jobs put in a progress phase (grep "progress(" to find new ones).
const char* const kPhrases[] = {
    QT_TRANSLATE_NOOP("EnginePhase", "calibrating: statistics"),
    QT_TRANSLATE_NOOP("EnginePhase", "calibrating: ranges"),
    QT_TRANSLATE_NOOP("EnginePhase", "calibrating integer steps"),
    QT_TRANSLATE_NOOP("EnginePhase", "calibrated"),
    QT_TRANSLATE_NOOP("EnginePhase", "reconstructing"),
    QT_TRANSLATE_NOOP("EnginePhase", "reconstruction done"),
    QT_TRANSLATE_NOOP("EnginePhase", "QAT epoch"),
    QT_TRANSLATE_NOOP("EnginePhase", "step"),
    QT_TRANSLATE_NOOP("EnginePhase", "loss"),
    QT_TRANSLATE_NOOP("EnginePhase", "evaluating"),
    QT_TRANSLATE_NOOP("EnginePhase", "comparing engines"),
    QT_TRANSLATE_NOOP("EnginePhase", "predicting"),
    QT_TRANSLATE_NOOP("EnginePhase", "collecting values"),
    QT_TRANSLATE_NOOP("EnginePhase", "sweeping"),
    QT_TRANSLATE_NOOP("EnginePhase", "site"),
    QT_TRANSLATE_NOOP("EnginePhase", "gradients"),
    QT_TRANSLATE_NOOP("EnginePhase", "done"),
    QT_TRANSLATE_NOOP("EnginePhase", "reading"),
    QT_TRANSLATE_NOOP("EnginePhase", "loading its model"),
    QT_TRANSLATE_NOOP("EnginePhase", "float model"),
    QT_TRANSLATE_NOOP("EnginePhase", "run"),
    QT_TRANSLATE_NOOP("EnginePhase", "attention maps"),
};

}  // namespace

QString translatedEnginePhase(const QString& phase) {
  // Longest phrases first, so "reconstruction done" wins over "done"; each is matched as whole words in one
  // pass, so a translation is never translated again.
  static const QRegularExpression words = [] {
    std::vector<QString> phrases(std::begin(kPhrases), std::end(kPhrases));
    std::sort(phrases.begin(), phrases.end(), [](const QString& a, const QString& b) { return a.size() > b.size(); });
    QStringList alternatives;
    for (const auto& p : phrases) alternatives << QRegularExpression::escape(p);
    return QRegularExpression("\\b(" + alternatives.join('|') + ")\\b");
  }();
  QString out;
  qsizetype last = 0;
  for (auto it = words.globalMatch(phase); it.hasNext();) {
    const auto match = it.next();
    out += phase.mid(last, match.capturedStart() - last);
    out += QCoreApplication::translate("EnginePhase", match.captured(1).toUtf8().constData());
    last = match.capturedEnd();
  }
  return out + phase.mid(last);
}
