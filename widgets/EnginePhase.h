#pragma once
// The engine reports its phases in English ("reconstructing blocks.3 (4/12)", "QAT epoch 1/2 step 5/900 …");
// the job bar shows them in the interface language by translating the engine's known words and leaving the
// names and numbers between them as they are.
#include <QString>

QString translatedEnginePhase(const QString& phase);
