// Image loading (core/data/image.h): round trips, hand-made PNG/BMP files, corrupt files, and
// headers that claim enormous sizes, which must be refused before any pixel is decoded.
#include "input_errors.h"
#include "core/data/image.h"
#include "core/util/error.h"
#include "tests/time_budget.h"

#include <QtTest/QtTest>
#include <torch/torch.h>
#include <zlib.h>

#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include <unistd.h>

namespace {

using Bytes = std::string;

Bytes be32(uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}
Bytes le32(uint32_t v) {
  return {static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16), static_cast<char>(v >> 24)};
}
Bytes le16(uint32_t v) { return {static_cast<char>(v), static_cast<char>(v >> 8)}; }
Bytes be16(uint32_t v) { return {static_cast<char>(v >> 8), static_cast<char>(v)}; }

Bytes pngChunk(const char* type, const Bytes& data) {
  Bytes typed = Bytes(type, 4) + data;
  const uLong crc = crc32(0, reinterpret_cast<const Bytef*>(typed.data()), static_cast<uInt>(typed.size()));
  return be32(static_cast<uint32_t>(data.size())) + typed + be32(static_cast<uint32_t>(crc));
}

// A PNG written by hand: `rows` are the raw scanlines without filter bytes.
Bytes makePng(uint32_t w, uint32_t h, int bitDepth, int colorType, const std::vector<Bytes>& rows,
              const Bytes& palette = {}) {
  Bytes raw;
  for (const auto& r : rows) raw += '\0' + r;  // filter type 0 (None)
  uLongf len = compressBound(static_cast<uLong>(raw.size()));
  Bytes z(len, '\0');
  compress(reinterpret_cast<Bytef*>(z.data()), &len, reinterpret_cast<const Bytef*>(raw.data()),
           static_cast<uLong>(raw.size()));
  z.resize(len);
  const Bytes ihdr = be32(w) + be32(h) + Bytes{static_cast<char>(bitDepth), static_cast<char>(colorType), 0, 0, 0};
  Bytes png = Bytes("\x89PNG\r\n\x1a\n", 8) + pngChunk("IHDR", ihdr);
  if (!palette.empty()) png += pngChunk("PLTE", palette);
  return png + pngChunk("IDAT", z) + pngChunk("IEND", {});
}

// 2x2, 24 bits, bottom-up: top row red, green; bottom row blue, white.
Bytes makeBmp() {
  const Bytes pixels = Bytes("\xFF\x00\x00\xFF\xFF\xFF\x00\x00", 8) + Bytes("\x00\x00\xFF\x00\xFF\x00\x00\x00", 8);
  const Bytes dib = le32(40) + le32(2) + le32(2) + le16(1) + le16(24) + le32(0) + le32(16) + le32(2835) + le32(2835) +
                    le32(0) + le32(0);
  return Bytes("BM", 2) + le32(14 + 40 + 16) + le32(0) + le32(54) + dib + pixels;
}

torch::Tensor rgb(std::vector<std::vector<std::vector<int>>> px) {
  const int64_t h = static_cast<int64_t>(px.size()), w = static_cast<int64_t>(px[0].size());
  auto t = torch::empty({h, w, 3}, torch::TensorOptions().dtype(torch::kUInt8));
  for (int64_t y = 0; y < h; ++y)
    for (int64_t x = 0; x < w; ++x)
      for (int c = 0; c < 3; ++c) t[y][x][c] = px[y][x][c];
  return t;
}

QByteArray qb(const Bytes& s) { return QByteArray(s.data(), static_cast<int>(s.size())); }

void writeFile(const QString& path, const Bytes& bytes) {
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  QCOMPARE(f.write(bytes.data(), static_cast<qint64>(bytes.size())), static_cast<qint64>(bytes.size()));
}

// Runs f with file descriptor 2 sent to a temporary file; returns what reached it.
QByteArray stderrOf(const std::function<void()>& f) {
  QTemporaryFile tmp;
  if (!tmp.open()) return "cannot open temporary file";
  std::fflush(stderr);
  const int saved = ::dup(2);
  ::dup2(tmp.handle(), 2);
  try {
    f();
  } catch (const vq::Error&) {
  }
  std::fflush(stderr);
  ::dup2(saved, 2);
  ::close(saved);
  tmp.seek(0);
  return tmp.readAll();
}

}  // namespace

class TestImage : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void roundTrip_data() {
    QTest::addColumn<QString>("format");
    QTest::addColumn<int>("channels");
    for (const char* f : {"png", "bmp"})
      for (int c : {1, 3, 4}) {
        if (QString(f) == "bmp" && c == 4) continue;
        QTest::newRow(qPrintable(QString("%1 %2 channel(s)").arg(f).arg(c))) << QString(f) << c;
      }
  }

  void roundTrip() {
    QFETCH(QString, format);
    QFETCH(int, channels);
    torch::manual_seed(1);
    const auto u8 = torch::TensorOptions().dtype(torch::kUInt8);
    const auto img = channels == 1 ? torch::randint(0, 256, {7, 5}, u8) : torch::randint(0, 256, {7, 5, channels}, u8);
    const auto back = vq::decodeImage(vq::encodeImage(img, format.toStdString()), "roundtrip");
    QCOMPARE(back.sizes().vec(), (std::vector<int64_t>{7, 5, 3}));
    const auto expected = channels == 1 ? img.unsqueeze(2).expand({7, 5, 3}) : img.narrow(2, 0, 3);  // alpha dropped
    QVERIFY(torch::equal(back, expected));
  }

  void jpegRoundTrip() {
    const auto img = torch::full({16, 16, 3}, 0, torch::TensorOptions().dtype(torch::kUInt8));
    img.select(2, 0).fill_(200);  // reddish: checks the channel order survives
    img.select(2, 2).fill_(40);
    const auto back = vq::decodeImage(vq::encodeImage(img, "jpg"), "roundtrip.jpg");
    QCOMPARE(back.sizes().vec(), (std::vector<int64_t>{16, 16, 3}));
    QVERIFY((back.to(torch::kInt) - img.to(torch::kInt)).abs().max().item<int>() <= 4);
  }

  void handMadeFiles_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("format");
    QTest::addColumn<QVariantList>("expected");  // H, W, then the RGB values row-major
    auto flat = [](const std::vector<int>& v) {
      QVariantList l;
      for (int x : v) l << x;
      return l;
    };
    QTest::newRow("bmp 24-bit bottom-up") << qb(makeBmp()) << "BMP"
                                          << flat({2, 2, 255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255});
    QTest::newRow("png grey 8-bit") << qb(makePng(2, 1, 8, 0, {Bytes("\x10\xF0", 2)})) << "PNG"
                                    << flat({1, 2, 16, 16, 16, 240, 240, 240});
    QTest::newRow("png grey 16-bit") << qb(makePng(3, 1, 16, 0, {Bytes("\x00\x00\xFF\xFF\x80\x80", 6)})) << "PNG"
                                     << flat({1, 3, 0, 0, 0, 255, 255, 255, 128, 128, 128});
    QTest::newRow("png grey+alpha") << qb(makePng(1, 1, 8, 4, {Bytes("\x40\x00", 2)})) << "PNG" << flat({1, 1, 64, 64, 64});
    QTest::newRow("png rgb 16-bit") << qb(makePng(1, 1, 16, 2, {Bytes("\xFF\xFF\x00\x00\x01\x01", 6)})) << "PNG"
                                    << flat({1, 1, 255, 0, 1});
    QTest::newRow("png rgba, alpha dropped") << qb(makePng(1, 1, 8, 6, {Bytes("\x0A\x14\x1E\x00", 4)})) << "PNG"
                                             << flat({1, 1, 10, 20, 30});
    QTest::newRow("png palette") << qb(makePng(2, 1, 8, 3, {Bytes("\x01\x00", 2)}, Bytes("\x01\x02\x03\xFA\xFB\xFC", 6)))
                                 << "PNG" << flat({1, 2, 250, 251, 252, 1, 2, 3});
    QTest::newRow("pgm") << qb(Bytes("P5\n# a comment\n2 1\n255\n\x05\xFA", 25)) << "PNM" << flat({1, 2, 5, 5, 5, 250, 250, 250});
  }

  void handMadeFiles() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, format);
    QFETCH(QVariantList, expected);
    const Bytes b = bytes.toStdString();
    const auto info = vq::probeImage(b, "hand-made");
    QCOMPARE(QString::fromStdString(info.format), format);
    QCOMPARE(static_cast<qlonglong>(info.height), expected[0].toLongLong());
    QCOMPARE(static_cast<qlonglong>(info.width), expected[1].toLongLong());
    torch::Tensor img;
    try {
      img = vq::decodeImage(b, "hand-made");
    } catch (const vq::Error& e) {
      QFAIL(e.what());
    }
    QCOMPARE(img.sizes().vec(), (std::vector<int64_t>{info.height, info.width, 3}));
    const auto flat = img.flatten();
    for (int i = 2; i < expected.size(); ++i) QCOMPARE(flat[i - 2].item<int>(), expected[i].toInt());
  }

  // Headers that promise a gigantic image: refused from the header, quickly, allocating nothing.
  void hugeHeaders_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("size");
    const Bytes ihdr = be32(100000) + be32(100000) + Bytes("\x08\x02\x00\x00\x00", 5);
    QTest::newRow("png") << qb(Bytes("\x89PNG\r\n\x1a\n", 8) + pngChunk("IHDR", ihdr) + pngChunk("IDAT", Bytes(64, 'x')))
                         << "100000x100000";
    QTest::newRow("jpeg") << qb(Bytes("\xFF\xD8\xFF\xE0", 4) + be16(16) + Bytes("JFIF\0\x01\x01\0\0\x01\0\x01\0\0", 14) +
                                Bytes("\xFF\xC0", 2) + be16(17) + "\x08" + be16(60000) + be16(60000) + Bytes(12, '\1'))
                          << "60000x60000";
    QTest::newRow("bmp top-down") << qb(Bytes("BM", 2) + le32(100) + le32(0) + le32(54) + le32(40) + le32(100000) +
                                        le32(static_cast<uint32_t>(-100000)) + le16(1) + le16(24) + Bytes(24, '\0'))
                                  << "100000x100000";
    QTest::newRow("tiff") << qb(Bytes("II*\0", 4) + le32(8) + le16(2) + le16(256) + le16(4) + le32(1) + le32(100000) +
                                le16(257) + le16(3) + le32(1) + le16(50000) + le16(0) + le32(0))
                          << "100000x50000";
    QTest::newRow("webp") << qb(Bytes("RIFF", 4) + le32(30) + "WEBPVP8X" + le32(10) + le32(0) + Bytes("\x9F\x86\x01", 3) +
                                Bytes("\x9F\x86\x01", 3))
                          << "100000x100000";
    QTest::newRow("ppm") << qb(Bytes("P6\n# big\n100000 100000\n255\n") + Bytes(16, '\0')) << "100000x100000";
  }

  void hugeHeaders() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, size);
    QTemporaryDir dir;
    const QString path = dir.filePath("huge.img");
    writeFile(path, bytes.toStdString());
    QElapsedTimer timer;
    timer.start();
    const QString msg = expectInputError([&] { vq::readImage(path.toStdString()); });
    QVERIFY2(timer.elapsed() < timeBudgetMs(200), qPrintable(QString("took %1 ms").arg(timer.elapsed())));
    QVERIFY2(msg.startsWith(path + ": "), qPrintable(msg));
    QVERIFY2(msg.contains(size + " pixels") && msg.contains("budget of 64000000 pixels"), qPrintable(msg));
  }

  void pixelBudget() {
    const auto img = torch::zeros({10, 10}, torch::TensorOptions().dtype(torch::kUInt8));
    const Bytes png = vq::encodeImage(img);
    QCOMPARE(vq::decodeImage(png, "small.png", 100).size(0), int64_t{10});
    const QString msg = expectInputError([&] { vq::decodeImage(png, "small.png", 99); });
    QVERIFY2(msg == "small.png: PNG image is 10x10 pixels, more than the budget of 99 pixels", qPrintable(msg));
  }

  void badFiles_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("problem");
    const Bytes png = vq::encodeImage(torch::randint(0, 256, {32, 32, 3}, torch::TensorOptions().dtype(torch::kUInt8)));
    Bytes corrupt = png;
    for (size_t i = 60; i < corrupt.size() - 20; ++i) corrupt[i] = static_cast<char>(corrupt[i] ^ 0x5A);
    QTest::newRow("empty") << QByteArray() << "file is empty";
    QTest::newRow("text") << qb("just some text\n") << "not an image in a supported format";
    QTest::newRow("gif") << qb(Bytes("GIF89a", 6) + le16(4) + le16(4) + Bytes(20, '\0')) << "not an image in a supported format";
    QTest::newRow("png signature only") << qb(png.substr(0, 8)) << "PNG header is truncated";
    QTest::newRow("png without IHDR") << qb(png.substr(0, 8) + pngChunk("IDAT", Bytes(13, 'x'))) << "lacks its IHDR";
    QTest::newRow("png zero width") << qb(makePng(0, 1, 8, 0, {})) << "invalid size 0x1";
    QTest::newRow("png truncated") << qb(png.substr(0, png.size() / 2)) << "cannot decode the PNG image";
    QTest::newRow("png corrupt") << qb(corrupt) << "cannot decode the PNG image";
    QTest::newRow("jpeg no frame") << qb(Bytes("\xFF\xD8\xFF\xDA", 4) + be16(8) + Bytes(8, '\0')) << "no frame header";
    QTest::newRow("jpeg cut") << qb(Bytes("\xFF\xD8\xFF\xE0", 4) + be16(100) + Bytes(10, '\0')) << "JPEG header is truncated";
    QTest::newRow("bmp cut") << qb(Bytes("BM", 2) + le32(100)) << "BMP header is truncated";
    QTest::newRow("tiff bad offset") << qb(Bytes("MM\0*", 4) + be32(1000)) << "TIFF header is truncated";
  }

  void badFiles() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, problem);
    QTemporaryDir dir;
    const QString path = dir.filePath("bad.png");
    writeFile(path, bytes.toStdString());
    const QString msg = expectInputError([&] { vq::readImage(path.toStdString()); });
    QVERIFY2(msg.startsWith(path + ": ") && msg.contains(problem), qPrintable(msg));
    QVERIFY2(!msg.contains('\n'), qPrintable(msg));
  }

  void truncatedJpeg() {
    const Bytes jpg = vq::encodeImage(torch::randint(0, 256, {64, 64, 3}, torch::TensorOptions().dtype(torch::kUInt8)), "jpg");
    QVERIFY(jpg.size() > 1000);
    const QString msg = expectInputError([&] { vq::decodeImage(jpg.substr(0, jpg.size() * 3 / 5), "cut.jpg"); });
    QCOMPARE(msg, QString("cut.jpg: JPEG file is truncated (no end-of-image marker after its image data)"));
  }

  // libpng and libjpeg print their complaints on stderr; none of that may leak out.
  void decodersStayQuiet_data() {
    QTest::addColumn<QByteArray>("bytes");
    const Bytes png = vq::encodeImage(torch::randint(0, 256, {32, 32, 3}, torch::TensorOptions().dtype(torch::kUInt8)));
    Bytes corrupt = png;
    for (size_t i = 60; i < corrupt.size() - 20; ++i) corrupt[i] = static_cast<char>(corrupt[i] ^ 0x5A);
    const Bytes jpg = vq::encodeImage(torch::randint(0, 256, {32, 32, 3}, torch::TensorOptions().dtype(torch::kUInt8)), "jpg");
    QTest::newRow("png truncated") << qb(png.substr(0, png.size() / 2));
    QTest::newRow("png corrupt") << qb(corrupt);
    QTest::newRow("jpeg extraneous bytes") << qb(jpg.substr(0, jpg.size() - 2) + Bytes(3, '\0') + "\xFF\xD9");
    Bytes scrambled = jpg;
    for (size_t i = scrambled.size() / 2; i < scrambled.size() - 2; ++i)
      if (scrambled[i] != '\xFF' && scrambled[i - 1] != '\xFF') scrambled[i] = static_cast<char>(scrambled[i] ^ 0x33);
    QTest::newRow("jpeg scrambled scan") << qb(scrambled);
  }

  void decodersStayQuiet() {
    QFETCH(QByteArray, bytes);
    const QByteArray err = stderrOf([&] { vq::decodeImage(bytes.toStdString(), "noisy"); });
    QVERIFY2(err.isEmpty(), err.constData());
  }

  void notAFile() {
    QTemporaryDir dir;
    QString msg = expectInputError([&] { vq::readImage(dir.filePath("absent.png").toStdString()); });
    QVERIFY2(msg == dir.filePath("absent.png") + ": no such file", qPrintable(msg));
    msg = expectInputError([&] { vq::readImage(dir.path().toStdString()); });
    QVERIFY2(msg == dir.path() + ": is a directory, not a file", qPrintable(msg));
  }

  void writeImage() {
    QTemporaryDir dir;
    const auto img = rgb({{{255, 0, 0}, {0, 255, 0}}, {{0, 0, 255}, {9, 8, 7}}});
    for (const char* name : {"a.png", "b.BMP"}) {
      const auto path = dir.filePath(name).toStdString();
      vq::writeImage(path, img);
      QVERIFY(torch::equal(vq::readImage(path), img));
    }
    try {
      vq::writeImage(dir.filePath("c.gif").toStdString(), img);
      QFAIL("no error");
    } catch (const vq::Error& e) {
      QCOMPARE(e.kind(), vq::ErrorKind::Usage);
    }
    QVERIFY(!QFile::exists(dir.filePath("c.gif")));
  }
};

QTEST_APPLESS_MAIN(TestImage)
#include "tst_image.moc"
