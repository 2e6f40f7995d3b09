#include "widgets/SaveTarget.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QObject>

namespace save {

QString checkTarget(const QString& path, const QStringList& suffixes, const QString& what) {
  const QFileInfo info(path);
  const QString suffix = info.suffix().toLower();
  if (!suffixes.contains(suffix))
    return QObject::tr("%1: unknown %2 format '%3' (use .%4)").arg(path, what, suffix, suffixes.join(", ."));
  if (!info.absoluteDir().exists()) return QObject::tr("%1: the folder does not exist").arg(path);
  return {};
}

QString partPath(const QString& path) {
  const QFileInfo info(path);
  return info.absoluteDir().filePath("." + info.completeBaseName() + ".part." + info.suffix());
}

QString finish(const QString& part, const QString& path, bool written, const QString& what) {
  if (!written || QFileInfo(part).size() == 0) {
    QFile::remove(part);
    return QObject::tr("%1: could not write the %2").arg(path, what);
  }
  QFile::remove(path);
  if (!QFile::rename(part, path)) {
    QFile::remove(part);
    return QObject::tr("%1: could not replace the file").arg(path);
  }
  return {};
}

}  // namespace save
