// `vitquant sweep run --backend slurm` against a real Slurm: a single-node cluster started here from Debian's
// packages (munged, slurmctld -D, slurmd -D, a slurm.conf for this machine with its own ports and a private
// munge socket, no systemd), a 4-run sweep through one job array, its table, a rerun that submits nothing,
// and `sweep cancel` of a running job. The daemons are stopped by their PIDs. Skipped, saying so, only where
// the Slurm or munge packages are missing (scripts/packages.txt installs them).
#include "cli_runner.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <unistd.h>

class TestCliSweepSlurm : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  std::vector<std::unique_ptr<QProcess>> daemons_;
  QString sinfo_;

  static QString tool(const QString& name) { return QStandardPaths::findExecutable(name, {"/usr/sbin", "/usr/bin", "/sbin", "/bin"}); }

  QString writeFile(const QString& name, const QByteArray& text) { return writeTestFile(tmp_.filePath(name), text); }

  QString log(const QString& name) {
    QFile f(tmp_.filePath(name));
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll().right(2000)) : QString();
  }

  void start(const QString& program, const QStringList& args) {
    auto p = std::make_unique<QProcess>();
    p->setProcessChannelMode(QProcess::MergedChannels);
    p->setStandardOutputFile(tmp_.filePath(QFileInfo(program).fileName() + ".out"));
    p->start(program, args);
    QVERIFY2(p->waitForStarted(), qPrintable(program));
    daemons_.push_back(std::move(p));
  }

  QString nodeState() {
    QProcess p;
    p.start(sinfo_, {"-h", "-o", "%T"});
    p.waitForFinished(10000);
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
  }

  static QString queue() {
    QProcess p;
    p.start(tool("squeue"), {"-h", "-o", "%i %T"});
    p.waitForFinished(10000);
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
  }

private Q_SLOTS:
  void initTestCase() {
    for (const auto* name : {"munged", "slurmctld", "slurmd", "sbatch", "squeue", "scancel", "sinfo"})
      if (tool(name).isEmpty()) QSKIP(qPrintable(QString("%1 is not installed (scripts/packages.txt installs slurm-wlm and munge)").arg(name)));
    sinfo_ = tool("sinfo");
    QFile::setPermissions(tmp_.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    // munge: a fresh key and a socket of our own, so that nothing of the machine's setup is used or touched.
    QByteArray key(1024, '\0');
    for (auto& b : key) b = static_cast<char>(QRandomGenerator::global()->bounded(256));
    QFile::setPermissions(writeFile("munge.key", key), QFile::ReadOwner);
    const QString socket = tmp_.filePath("munge.sock");
    start(tool("munged"), {"-F", "--force", "--socket=" + socket, "--key-file=" + tmp_.filePath("munge.key"), "--log-file=" + tmp_.filePath("munged.log"),
                           "--pid-file=" + tmp_.filePath("munged.pid"), "--seed-file=" + tmp_.filePath("munged.seed")});
    // Ports of this process's own, away from Slurm's defaults (6817/6818) and from a parallel run's.
    const int port = 20000 + static_cast<int>(::getpid() % 20000) * 2 % 20000;
    const QString user = qEnvironmentVariable("USER", ::getuid() == 0 ? "root" : "");
    const QString host = QSysInfo::machineHostName().section('.', 0, 0);
    QDir(tmp_.path()).mkpath("state");
    QDir(tmp_.path()).mkpath("spool");
    const auto t = [&](const char* f) { return tmp_.filePath(f); };
    const QString conf = QString("ClusterName=vqtest\nSlurmctldHost=%1(127.0.0.1)\nSlurmUser=%2\nSlurmdUser=%2\nAuthType=auth/munge\n"
                                 "AuthInfo=socket=%3\nCredType=cred/munge\nStateSaveLocation=%4\nSlurmdSpoolDir=%5\nSlurmctldPidFile=%6\n"
                                 "SlurmdPidFile=%7\nSlurmctldPort=%8\nSlurmdPort=%9\nProctrackType=proctrack/linuxproc\nTaskPlugin=task/none\n"
                                 "JobAcctGatherType=jobacct_gather/none\nAccountingStorageType=accounting_storage/none\n"
                                 "SelectType=select/cons_tres\nSelectTypeParameters=CR_CPU\nReturnToService=2\nMpiDefault=none\n"
                                 "SchedulerType=sched/builtin\nPlugStackConfig=%10\nSlurmctldLogFile=%11\nSlurmdLogFile=%12\n"
                                 "NodeName=vqnode NodeHostname=%1 NodeAddr=127.0.0.1 CPUs=2 RealMemory=1000 State=UNKNOWN\n"
                                 "PartitionName=vqtest Nodes=vqnode Default=YES MaxTime=INFINITE State=UP\n")
                             .arg(host, user.isEmpty() ? QString::number(::getuid()) : user, socket, t("state"), t("spool"), t("slurmctld.pid"),
                                  t("slurmd.pid"), QString::number(port), QString::number(port + 1), writeFile("plugstack.conf", ""),
                                  t("slurmctld.log"), t("slurmd.log"));
    qputenv("SLURM_CONF", writeFile("slurm.conf", conf.toUtf8()).toUtf8());
    QElapsedTimer timer;
    timer.start();
    while (!QFile::exists(socket) && timer.elapsed() < 10000) QTest::qWait(100);
    start(tool("slurmctld"), {"-D", "-i"});
    QTest::qWait(1000);
    start(tool("slurmd"), {"-D", "-N", "vqnode"});
    while (nodeState() != "idle" && timer.elapsed() < 60000) QTest::qWait(500);
    QVERIFY2(nodeState() == "idle", qPrintable("the test cluster did not come up:\n" + log("slurmctld.log") + log("slurmd.log") + log("munged.log")));
  }

  void cleanupTestCase() {
    // By PID: SIGTERM is how each daemon is told to stop.
    for (auto& d : daemons_) {
      d->terminate();
      if (!d->waitForFinished(10000)) d->kill();
    }
  }

  void sweepRunsAsAJobArrayAndResumes() {
    const QString grid = writeFile("sweep.json", R"({"models": ["builtin:deit-fashion"], "methods": ["minmax", "percentile"], "bits": ["W8A8"],
                                                     "seeds": [0, 1], "calib": 32, "eval_limit": 100, "slurm": {"cpus_per_task": 1}})");
    const QString out = tmp_.filePath("slurm-sweep");
    const auto r = runCli({"sweep", "run", "--grid", grid, "--out", out, "--backend", "slurm", "--json"}, 900000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + log("slurmctld.log")));
    QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object()["done"].toInt(), 4);
    QFile script(out + "/sweep.sbatch");
    QVERIFY(script.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(script.readAll());
    QVERIFY2(text.contains("#SBATCH --array=0-3\n") && text.contains("#SBATCH --cpus-per-task=1\n") && text.contains(" sweep run-one "), qPrintable(text));
    QVERIFY(!QDir(out + "/logs").entryList({"slurm-*_3.out"}, QDir::Files).isEmpty());  // the array's own logs

    const auto t = runCli({"sweep", "table", out, "--json"});
    const auto rows = QJsonDocument::fromJson(t.out.toUtf8()).object()["models"].toArray()[0].toObject()["rows"].toArray();
    for (const auto& row : rows) QCOMPARE(row.toObject()["cells"].toObject()["W8A8"].toObject()["n"].toInt(), 2);

    // Again: nothing is submitted (the job of the first submission stays the one on record).
    QFile job(out + "/slurm.json");
    QVERIFY(job.open(QIODevice::ReadOnly));
    const QByteArray before = job.readAll();
    const auto again = runCli({"sweep", "run", "--grid", grid, "--out", out, "--backend", "slurm", "--json"}, 120000);
    QVERIFY2(again.exitCode == 0, qPrintable(again.err));
    job.seek(0);
    QCOMPARE(job.readAll(), before);
  }

  void cancelScancelsTheJob() {
    const QString grid = writeFile("long.json", R"({"models": ["builtin:deit-fashion"], "methods": ["brecq"], "bits": ["W4A4"], "calib": 64,
                                                    "eval_limit": 100, "slurm": {"cpus_per_task": 1}})");
    const QString out = tmp_.filePath("slurm-cancelled");
    QProcess runner;
    runner.start(VQ_CLI, {"sweep", "run", "--grid", grid, "--out", out, "--backend", "slurm"});
    QVERIFY(runner.waitForStarted());
    QElapsedTimer timer;
    timer.start();
    while (!queue().contains("RUNNING") && timer.elapsed() < 120000) QTest::qWait(500);
    QVERIFY2(queue().contains("RUNNING"), qPrintable(queue()));
    const auto c = runCli({"sweep", "cancel", out});
    QVERIFY2(c.exitCode == 0 && c.out.contains("cancelled the Slurm job"), qPrintable(c.err + c.out));
    QVERIFY(runner.waitForFinished(60000));
    QCOMPARE(runner.exitCode(), 1);
    QVERIFY(QString::fromUtf8(runner.readAllStandardError()).trimmed().endsWith("error: cancelled"));
    while (!queue().isEmpty() && timer.elapsed() < 180000) QTest::qWait(500);
    QVERIFY2(queue().isEmpty(), qPrintable(queue()));
    QVERIFY(!QFile::exists(out + "/logs/deit-fashion/brecq-w4a4-seed=0.failed"));  // cancelled is not failed
    QVERIFY(!QFile::exists(out + "/runs/deit-fashion/brecq-w4a4-seed=0/run.json"));
  }
};

QTEST_GUILESS_MAIN(TestCliSweepSlurm)
#include "tst_cli_sweep_slurm.moc"
