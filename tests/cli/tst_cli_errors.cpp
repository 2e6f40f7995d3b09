// Bad input of every kind gives one line "error: <file>: <problem>" on stderr, exit 1 (input)
// or 2 (usage), no crash, and no output file left behind.
#include "cli_runner.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest/QtTest>

class TestCliErrors : public QObject {
  Q_OBJECT

  QTemporaryDir tmp_;
  const QString golden_ = QString(VQ_TEST_DATA) + "/golden/deit_tiny_e96d3h3p8_img32";

  static void writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
  }
  static QByteArray readFile(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
  }

  // A model folder whose config.json and/or weights are replaced.
  QString makeModel(const QString& name, const QByteArray& config, const QByteArray& weights) {
    const QString dir = tmp_.filePath(name);
    QDir().mkpath(dir);
    writeFile(dir + "/config.json", config.isNull() ? readFile(golden_ + "/config.json") : config);
    writeFile(dir + "/model.safetensors", weights.isNull() ? readFile(golden_ + "/model.safetensors") : weights);
    return dir;
  }

  static QByteArray configWith(const QString& key, const QJsonValue& value) {
    QFile f(QString(VQ_TEST_DATA) + "/golden/deit_tiny_e96d3h3p8_img32/config.json");
    f.open(QIODevice::ReadOnly);
    auto obj = QJsonDocument::fromJson(f.readAll()).object();
    if (key.startsWith("model_args.")) {
      auto args = obj["model_args"].toObject();
      args[key.mid(11)] = value;
      obj["model_args"] = args;
    } else {
      obj[key] = value;
    }
    return QJsonDocument(obj).toJson();
  }

private Q_SLOTS:
  void initTestCase() { QVERIFY(tmp_.isValid()); }

  void errors_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("mentions");

    const QString out = tmp_.filePath("out.safetensors");
    const QString input = golden_ + "/input.safetensors";
    const QByteArray weights = readFile(golden_ + "/model.safetensors");

    QTest::newRow("no command") << QStringList{} << 2 << "";
    QTest::newRow("unknown option") << QStringList{"info", "--model", golden_, "--frobnicate"} << 2 << "frobnicate";
    QTest::newRow("missing --model") << QStringList{"info"} << 2 << "--model";
    QTest::newRow("bad --threads") << QStringList{"info", "--model", golden_, "--threads", "zero"} << 2 << "threads";
    QTest::newRow("bench --batch 0") << QStringList{"bench", "--model", golden_, "--batch", "0"} << 2 << "batch";
    QTest::newRow("no such folder") << QStringList{"info", "--model", tmp_.filePath("nothing")} << 1 << "nothing";
    QTest::newRow("unknown builtin") << QStringList{"info", "--model", "builtin:nope"} << 1 << "builtin:nope";
    QTest::newRow("unknown arch") << QStringList{"info", "--model", "arch:resnet50"} << 1 << "resnet50";

    const QString notJson = makeModel("notjson", "{ this is not json", {});
    QTest::newRow("config not json") << QStringList{"info", "--model", notJson} << 1 << "config.json";
    const QString noArch = makeModel("noarch", R"({"num_classes": 10})", {});
    QTest::newRow("config without architecture") << QStringList{"info", "--model", noArch} << 1 << "architecture";
    const QString badArch = makeModel("badarch", configWith("architecture", "vit_gigantic_patch3_17"), {});
    QTest::newRow("config unknown architecture") << QStringList{"info", "--model", badArch} << 1 << "vit_gigantic";
    const QString badArg = makeModel("badarg", configWith("model_args.depht", 3), {});
    QTest::newRow("misspelt model_args") << QStringList{"info", "--model", badArg} << 1 << "depht";
    const QString badType = makeModel("badtype", configWith("model_args.depth", "three"), {});
    QTest::newRow("model_args wrong type") << QStringList{"info", "--model", badType} << 1 << "depth";
    const QString badHeads = makeModel("badheads", configWith("model_args.num_heads", 5), {});
    QTest::newRow("heads do not divide dim") << QStringList{"info", "--model", badHeads} << 1 << "num_heads";
    const QString wrongDepth = makeModel("wrongdepth", configWith("model_args.depth", 2), {});
    QTest::newRow("weights for another depth") << QStringList{"info", "--model", wrongDepth} << 1 << "unexpected tensor";
    const QString wrongDim = makeModel("wrongdim", configWith("model_args.embed_dim", 48), {});
    QTest::newRow("weights of another shape") << QStringList{"info", "--model", wrongDim} << 1 << "shape";
    const QString truncated = makeModel("truncated", {}, weights.left(weights.size() / 2));
    QTest::newRow("truncated weights") << QStringList{"info", "--model", truncated} << 1 << "model.safetensors";
    const QString empty = makeModel("emptyweights", {}, QByteArray(""));
    QTest::newRow("empty weights") << QStringList{"info", "--model", empty} << 1 << "model.safetensors";
    // A few bytes of config asking for a model of terabytes: refused before the first large allocation.
    const QString huge = makeModel("huge", configWith("model_args.mlp_ratio", 1e6), {});
    QTest::newRow("model larger than the limit") << QStringList{"info", "--model", huge} << 1 << "MiB";
    const QString bigConfig = makeModel("bigconfig", "{}" + QByteArray(17 << 20, ' '), {});
    QTest::newRow("config.json larger than the limit") << QStringList{"info", "--model", bigConfig} << 1 << "limit";
    QDir().mkpath(tmp_.filePath("noweights"));
    writeFile(tmp_.filePath("noweights/config.json"), readFile(golden_ + "/config.json"));
    QTest::newRow("missing weights") << QStringList{"info", "--model", tmp_.filePath("noweights")} << 1 << "model.safetensors";

    writeFile(tmp_.filePath("garbage.safetensors"), QByteArray(64, '\xff'));
    QTest::newRow("garbage input") << QStringList{"forward", "--model", golden_, "--input", tmp_.filePath("garbage.safetensors"), "--output", out} << 1 << "garbage.safetensors";
    QTest::newRow("input not found") << QStringList{"forward", "--model", golden_, "--input", tmp_.filePath("none.safetensors"), "--output", out} << 1 << "none.safetensors";
    QTest::newRow("input lacks tensor") << QStringList{"forward", "--model", golden_, "--input", golden_ + "/output.safetensors", "--output", out} << 1 << "'input'";
    const QString swinInput = QString(VQ_TEST_DATA) + "/golden/swin_e32_d22_h24_w4_img64/input.safetensors";
    QTest::newRow("input of wrong size") << QStringList{"forward", "--model", golden_, "--input", swinInput, "--output", out} << 1 << "64x64";
    const QString deit = "deit_tiny_patch16_224";
    QTest::newRow("train unknown arch") << QStringList{"train", "--arch", "resnet50", "--out", tmp_.filePath("t1")} << 1 << "resnet50";
    QTest::newRow("train --set without =") << QStringList{"train", "--arch", deit, "--set", "depth", "--out", tmp_.filePath("t2")} << 2 << "--set";
    QTest::newRow("train misspelt --set") << QStringList{"train", "--arch", deit, "--set", "dept=2", "--out", tmp_.filePath("t3")} << 1 << "dept";
    QTest::newRow("train resume nothing") << QStringList{"train", "--arch", deit, "--set", "img_size=28", "--set", "patch_size=7", "--out", tmp_.filePath("t4"), "--resume"} << 1 << "train_state.pt";
    QTest::newRow("train bad data") << QStringList{"train", "--arch", deit, "--data", "idx:" + tmp_.filePath("none"), "--out", tmp_.filePath("t5")} << 1 << "none";
    QTest::newRow("output folder missing") << QStringList{"forward", "--model", golden_, "--input", input, "--output", tmp_.filePath("no/dir/out.safetensors")} << 1 << "out.safetensors";
  }

  void errors() {
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, mentions);
    verifyCliError(args, exitCode, mentions);
    QVERIFY(!QFile::exists(tmp_.filePath("out.safetensors")));  // no half-written output
  }


  void forwardMatchesTimm() {
    const QString out = tmp_.filePath("ok.safetensors");
    const auto r = runCli({"forward", "--model", golden_, "--input", golden_ + "/input.safetensors", "--output", out, "--json"});
    QCOMPARE(r.exitCode, 0);
    const auto j = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(j["batch"].toInt(), 2);
    QVERIFY(QFile::exists(out));
    QCOMPARE(QDir(tmp_.path()).entryList({".*tmp*"}, QDir::Files | QDir::Hidden).size(), 0);
  }

  void benchJson() {
    const auto r = runCli({"bench", "--model", golden_, "--batch", "2", "--warmup", "1", "--repeats", "3", "--threads", "1", "--json"});
    QCOMPARE(r.exitCode, 0);
    const auto j = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(j["batch"].toInt(), 2);
    QCOMPARE(j["threads"].toInt(), 1);
    const auto fp32 = j["fp32"].toObject();
    QVERIFY(fp32["images_per_s"].toDouble() > 0);
    QVERIFY(std::abs(fp32["images_per_s"].toDouble() * fp32["ms_per_batch"].toDouble() - 2000.0) < 1e-6 * 2000.0);
  }

  void infoJson() {
    const auto r = runCli({"info", "--model", golden_, "--json"});
    QCOMPARE(r.exitCode, 0);
    const auto j = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(j["architecture"].toString(), QString("deit_tiny_patch16_224"));
    QCOMPARE(j["parameters"].toInteger(), qint64(356938));
    QVERIFY(j["sites"].toArray().contains(QJsonValue("blocks.2.attn.softmax.output")));
  }

  void helpForEveryCommand_data() {
    QTest::addColumn<QString>("command");
    for (const char* c : {"info", "forward", "predict", "eval", "bench", "train"}) QTest::newRow(c) << c;
  }
  void helpForEveryCommand() {
    QFETCH(QString, command);
    const auto r = runCli({command, "--help"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("--json"));
    QVERIFY(r.out.contains("--threads"));
  }
};

QTEST_GUILESS_MAIN(TestCliErrors)
#include "tst_cli_errors.moc"
