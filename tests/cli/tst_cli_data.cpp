// `vitquant predict` and `vitquant eval` as a user runs them: real images and data sets work,
// hostile or broken ones give one `error:` line naming the file, exit 1 (input) or 2 (usage).
#include "cli_runner.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtEndian>
#include <QtTest/QtTest>

namespace {

quint32 crc32(const QByteArray& bytes) {
  quint32 c = 0xffffffffu;
  for (unsigned char b : bytes) {
    c ^= b;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
  }
  return ~c;
}

// A PNG whose header claims width × height pixels, followed by no real image data.
QByteArray pngHeaderClaiming(quint32 width, quint32 height) {
  QByteArray ihdr("IHDR");
  QByteArray fields(13, '\0');
  qToBigEndian(width, fields.data());
  qToBigEndian(height, fields.data() + 4);
  fields[8] = 8;  // bit depth
  fields[9] = 2;  // RGB
  ihdr += fields;
  QByteArray png("\x89PNG\r\n\x1a\n", 8);
  QByteArray len(4, '\0'), crc(4, '\0');
  qToBigEndian(quint32(13), len.data());
  qToBigEndian(crc32(ihdr), crc.data());
  return png + len + ihdr + crc;
}

void writeFile(const QString& path, const QByteArray& bytes) {
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write(bytes);
}

}  // namespace

class TestCliData : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  const QString model_ = QString(VQ_TEST_DATA) + "/golden/deit_tiny_e96d3h3p8_img32";

  QString image(const QString& name, QColor colour, int w = 40, int h = 30) {
    QImage img(w, h, QImage::Format_RGB32);
    img.fill(colour);
    const QString path = tmp_.filePath(name);
    img.save(path);
    return path;
  }

private Q_SLOTS:
  void predictImages() {
    const auto a = image("a.png", Qt::red), b = image("b.jpg", Qt::gray, 300, 200);
    const auto r = runCli({"predict", "--model", model_, "--topk", "3", "--json", a, b});
    QCOMPARE(r.exitCode, 0);
    const auto j = QJsonDocument::fromJson(r.out.toUtf8()).object();
    const auto preds = j["predictions"].toArray();
    QCOMPARE(preds.size(), 2);
    for (const auto& p : preds) {
      const auto top = p.toObject()["top"].toArray();
      QCOMPARE(top.size(), 3);
      double sum = 0, previous = 1;
      for (const auto& t : top) {
        const double prob = t.toObject()["probability"].toDouble();
        QVERIFY(prob <= previous);
        previous = prob;
        sum += prob;
      }
      QVERIFY(sum > 0 && sum <= 1.0 + 1e-9);
    }
  }

  void evalJsonContract() {
    const auto r = runCli({"eval", "--model", model_, "--data", "fashion-mnist", "--limit", "100", "--json"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.err.isEmpty());  // no progress bar in --json mode
    const auto j = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(j["n"].toInt(), 100);
    for (const char* key : {"top1", "top5", "seconds"}) QVERIFY2(j[key].isDouble(), key);
    QVERIFY(j["top5"].toDouble() >= j["top1"].toDouble());
  }

  void evalFolderDataSet() {
    const QString root = tmp_.filePath("folderdata");
    for (const char* cls : {"cats", "dogs"}) {
      QDir().mkpath(root + "/" + cls);
      for (int i = 0; i < 3; ++i) {
        QImage img(32, 32, QImage::Format_Grayscale8);
        img.fill(i * 60);
        img.save(QString("%1/%2/%3.png").arg(root, cls).arg(i));
      }
    }
    const auto r = runCli({"eval", "--model", model_, "--data", "folder:" + root, "--json"});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object()["n"].toInt(), 6);
  }

  void errors_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("mentions");

    writeFile(tmp_.filePath("empty.png"), QByteArray());
    writeFile(tmp_.filePath("text.png"), "this is not an image at all\n");
    writeFile(tmp_.filePath("corrupt.png"), pngHeaderClaiming(64, 64) + QByteArray(100, '\x42'));
    writeFile(tmp_.filePath("bomb.png"), pngHeaderClaiming(100000, 100000) + QByteArray(100, '\0'));
    QTest::newRow("missing image") << QStringList{"predict", "--model", model_, tmp_.filePath("nope.png")} << 1 << "nope.png";
    QTest::newRow("empty image") << QStringList{"predict", "--model", model_, tmp_.filePath("empty.png")} << 1 << "empty.png";
    QTest::newRow("text as image") << QStringList{"predict", "--model", model_, tmp_.filePath("text.png")} << 1 << "text.png";
    QTest::newRow("corrupt png") << QStringList{"predict", "--model", model_, tmp_.filePath("corrupt.png")} << 1 << "corrupt.png";
    QTest::newRow("pixel bomb") << QStringList{"predict", "--model", model_, tmp_.filePath("bomb.png")} << 1 << "bomb.png";
    QTest::newRow("no images") << QStringList{"predict", "--model", model_} << 2 << "images";
    QTest::newRow("bad topk") << QStringList{"predict", "--model", model_, "--topk", "0", tmp_.filePath("a.png")} << 2 << "topk";

    QTest::newRow("unknown data") << QStringList{"eval", "--model", model_, "--data", "imagenet"} << 2 << "imagenet";
    QTest::newRow("limit 0") << QStringList{"eval", "--model", model_, "--data", "fashion-mnist", "--limit", "0"} << 2 << "limit";
    QDir().mkpath(tmp_.filePath("emptyidx"));
    QTest::newRow("idx folder without files") << QStringList{"eval", "--model", model_, "--data", "idx:" + tmp_.filePath("emptyidx")} << 1 << "emptyidx";
    QDir().mkpath(tmp_.filePath("badidx"));
    QByteArray images("\0\0\x08\x03", 4);
    QByteArray dims(12, '\0');
    qToBigEndian(quint32(1000), dims.data());
    qToBigEndian(quint32(28), dims.data() + 4);
    qToBigEndian(quint32(28), dims.data() + 8);
    writeFile(tmp_.filePath("badidx/t10k-images-idx3-ubyte"), images + dims + QByteArray(5000, '\0'));  // far fewer bytes than promised
    QByteArray labels("\0\0\x08\x01", 4);
    QByteArray n(4, '\0');
    qToBigEndian(quint32(1000), n.data());
    writeFile(tmp_.filePath("badidx/t10k-labels-idx1-ubyte"), labels + n + QByteArray(1000, '\0'));
    QTest::newRow("truncated idx") << QStringList{"eval", "--model", model_, "--data", "idx:" + tmp_.filePath("badidx")} << 1 << "t10k-images-idx3-ubyte";
    QDir().mkpath(tmp_.filePath("nofolders"));
    QTest::newRow("folder without classes") << QStringList{"eval", "--model", model_, "--data", "folder:" + tmp_.filePath("nofolders")} << 1 << "nofolders";
  }

  void errors() {
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, mentions);
    verifyCliError(args, exitCode, mentions);
  }

};

QTEST_GUILESS_MAIN(TestCliData)
#include "tst_cli_data.moc"
