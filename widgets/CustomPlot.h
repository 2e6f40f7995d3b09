#pragma once
// QCustomPlot for a project built with QT_NO_KEYWORDS (LibTorch uses `slots` as an identifier): its header
// still spells Qt's lowercase keywords, so they are lent to it here, and taken back right after.
#define signals Q_SIGNALS
#define slots Q_SLOTS
#define emit Q_EMIT
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef slots
#undef emit
#undef foreach
