#pragma once
// Runs the vitquant binary and captures what a user would see.
#include <QProcess>
#include <QString>
#include <QStringList>

struct CliResult {
  int exitCode = -1;
  bool crashed = false;
  QString out, err;
};

inline CliResult runCli(const QStringList& args, int timeoutMs = 120000) {
  QProcess p;
  p.start(VQ_CLI, args);
  p.waitForFinished(timeoutMs);
  CliResult r;
  r.crashed = p.exitStatus() != QProcess::NormalExit;
  r.exitCode = p.exitCode();
  r.out = QString::fromUtf8(p.readAllStandardOutput());
  r.err = QString::fromUtf8(p.readAllStandardError());
  return r;
}
