#pragma once
// Runs the vitquant binary and captures what a user would see.
#include "../time_budget.h"  // the CLI tests do not link the engine, so not on its include path

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QtTest/QtTest>
#include <QString>
#include <QStringList>

struct CliResult {
  int exitCode = -1;
  bool crashed = false;
  QString out, err;
};

// Writes a test input file; returns its path.
inline QString writeTestFile(const QString& path, const QByteArray& text) {
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
  f.write(text);
  return path;
}

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

// The error contract of docs/design/architecture.md §5: no crash, the expected exit status, exactly one stderr line
// "error: ..." that mentions what was wrong, nothing on stdout, and an answer within seconds.
inline void verifyCliError(const QStringList& args, int exitCode, const QString& mentions) {
  QElapsedTimer timer;
  timer.start();
  const auto r = runCli(args);
  QVERIFY2(!r.crashed, qPrintable(r.err));
  QCOMPARE(r.exitCode, exitCode);
  QVERIFY2(r.err.startsWith("error: "), qPrintable(r.err));
  QCOMPARE(r.err.trimmed().count('\n'), 0);
  QVERIFY2(r.err.contains(mentions), qPrintable(r.err));
  QVERIFY(r.out.isEmpty());
  QVERIFY(timer.elapsed() < timeBudgetMs(30000));
}
