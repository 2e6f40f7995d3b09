#pragma once
// Files the studio exports (charts, reports) are written under a temporary name beside the target and
// renamed when complete, so a failed export never leaves a broken file. These are the shared steps.
#include <QString>
#include <QStringList>

namespace save {

// "" when `path` has one of `suffixes` (lower case, without dot) and its folder exists, else the error line;
// `what` names the kind of file ("chart", "report").
QString checkTarget(const QString& path, const QStringList& suffixes, const QString& what);

// The temporary name to write first: hidden, beside `path`, keeping its suffix.
QString partPath(const QString& path);

// Renames `part` to `path` when `written`, else removes it; "" or the error line naming `path`.
QString finish(const QString& part, const QString& path, bool written, const QString& what);

}  // namespace save
