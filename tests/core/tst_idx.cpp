// IDX reader (core/data/idx.h): hand-made files, plain and gzip, valid and hostile.
#include "core/data/idx.h"
#include "core/util/error.h"
#include "tests/time_budget.h"

#include <QtTest/QtTest>
#include <torch/torch.h>
#include <zlib.h>

#include <sys/resource.h>

#include <cstring>
#include <functional>
#include <string>
#include <vector>

namespace {

std::string be32(uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}

// An IDX header: magic 0x000008<rank>, then the dims.
std::string header(const std::vector<uint32_t>& dims, unsigned type = 0x08) {
  std::string h = {0, 0, static_cast<char>(type), static_cast<char>(dims.size())};
  for (uint32_t d : dims) h += be32(d);
  return h;
}

std::string counting(size_t n) {
  std::string s(n, '\0');
  for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>((i * 7 + 3) & 0xff);
  return s;
}

// gzip-compresses the output of `produce` (called with a sink) in streaming fashion.
std::string gzipStream(const std::function<void(const std::function<void(const char*, size_t)>&)>& produce, int level = 6) {
  z_stream zs{};
  if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) qFatal("deflateInit2");
  std::string out;
  char buf[1 << 16];
  auto pump = [&](const char* data, size_t n, int flush) {
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
    zs.avail_in = static_cast<uInt>(n);
    do {
      zs.next_out = reinterpret_cast<Bytef*>(buf);
      zs.avail_out = sizeof buf;
      deflate(&zs, flush);
      out.append(buf, sizeof buf - zs.avail_out);
    } while (zs.avail_out == 0);
  };
  produce([&](const char* data, size_t n) { pump(data, n, Z_NO_FLUSH); });
  pump(nullptr, 0, Z_FINISH);
  deflateEnd(&zs);
  return out;
}

std::string gzip(const std::string& bytes) {
  return gzipStream([&](const auto& sink) { sink(bytes.data(), bytes.size()); });
}

void writeFile(const QString& path, const std::string& bytes) {
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  QCOMPARE(f.write(bytes.data(), static_cast<qint64>(bytes.size())), static_cast<qint64>(bytes.size()));
}

long maxRssKiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

}  // namespace

class TestIdx : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void validFiles_data() {
    QTest::addColumn<int>("rank");
    QTest::addColumn<bool>("compressed");
    QTest::newRow("images plain") << 3 << false;
    QTest::newRow("images gzip") << 3 << true;
    QTest::newRow("labels plain") << 1 << false;
    QTest::newRow("labels gzip") << 1 << true;
  }

  void validFiles() {
    QFETCH(int, rank);
    QFETCH(bool, compressed);
    const std::vector<uint32_t> dims = rank == 3 ? std::vector<uint32_t>{5, 4, 3} : std::vector<uint32_t>{7};
    size_t n = 1;
    for (auto d : dims) n *= d;
    const std::string payload = counting(n);
    std::string bytes = header(dims) + payload;
    if (compressed) bytes = gzip(bytes);

    QTemporaryDir dir;
    const QString path = dir.filePath("file.idx");  // no .gz: gzip is detected by its magic
    writeFile(path, bytes);
    const auto t = vq::readIdx(path.toStdString(), rank);
    QCOMPARE(t.scalar_type(), torch::kUInt8);
    QCOMPARE(t.sizes().vec(), std::vector<int64_t>(dims.begin(), dims.end()));
    QVERIFY(std::memcmp(t.data_ptr(), payload.data(), n) == 0);
  }

  void multiMemberGzip() {
    const std::string plain = header({3, 2, 2}) + counting(12);
    const std::string bytes = gzip(plain.substr(0, 10)) + gzip(plain.substr(10));  // as `cat a.gz b.gz`
    const auto t = vq::parseIdx(bytes, "two-members.gz", 3);
    QCOMPARE(t.sizes().vec(), (std::vector<int64_t>{3, 2, 2}));
    QVERIFY(std::memcmp(t.data_ptr(), plain.data() + 16, 12) == 0);
  }

  void serializeRoundTrip() {
    const auto t = torch::randint(0, 256, {4, 6, 5}, torch::TensorOptions().dtype(torch::kUInt8));
    const auto back = vq::parseIdx(vq::serializeIdx(t), "roundtrip", 3);
    QVERIFY(torch::equal(t, back));
    QCOMPARE(vq::serializeIdx(t).substr(0, 4), std::string("\x00\x00\x08\x03", 4));
  }

  void badFiles_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("rank");
    QTest::addColumn<QString>("problem");
    auto qb = [](const std::string& s) { return QByteArray(s.data(), static_cast<int>(s.size())); };
    const std::string good = header({2, 3, 4}) + counting(24);
    QTest::newRow("empty") << QByteArray() << 3 << "file is empty";
    QTest::newRow("short header") << qb(std::string("\0\0\x08", 3)) << 3 << "too short";
    QTest::newRow("header cut in dims") << qb(good.substr(0, 10)) << 3 << "too short";
    QTest::newRow("wrong magic") << qb(be32(0x12345678) + counting(20)) << 3 << "not an IDX file (magic 0x12345678)";
    QTest::newRow("text file") << qb("hello, world\n") << 1 << "not an IDX file";
    QTest::newRow("float elements") << qb(header({2}, 0x0D) + counting(8)) << 1 << "element type 0x0D";
    QTest::newRow("labels given for images") << qb(header({5}) + counting(5)) << 3 << "expected an images file";
    QTest::newRow("images given for labels") << qb(good) << 1 << "expected a labels file";
    QTest::newRow("zero dimension") << qb(header({2, 0, 4})) << 3 << "dimension 1 is 0";
    QTest::newRow("2^31+ elements") << qb(header({65536, 65536, 2}) + counting(64)) << 3 << "more than 2^31 elements";
    QTest::newRow("huge lying dims") << qb(header({0xffffffffu, 0xffffffffu, 0xffffffffu})) << 3 << "more than 2^31";
    QTest::newRow("over 1 GiB") << qb(header({1025, 1024, 1024}) + counting(64)) << 3 << "-byte limit";
    QTest::newRow("truncated payload") << qb(good.substr(0, good.size() - 1)) << 3 << "promises 24 (truncated file)";
    QTest::newRow("trailing byte") << qb(good + "x") << 3 << "payload is 25 bytes";
    QTest::newRow("lying dims") << qb(header({3, 3, 4}) + counting(24)) << 3 << "promises 36";
    const std::string gz = gzip(good);
    QTest::newRow("gz truncated") << qb(gz.substr(0, gz.size() / 2)) << 3 << "gzip stream is truncated";
    QTest::newRow("gz no trailer") << qb(gz.substr(0, gz.size() - 4)) << 3 << "gzip stream is truncated";
    // a valid gzip header, then a deflate block of the reserved type 3
    QTest::newRow("gz corrupt") << qb(std::string("\x1f\x8b\x08\x00\0\0\0\0\0\x03\x07", 11) + counting(40)) << 3
                                << "gzip stream is corrupt";
    QTest::newRow("gz trailing garbage") << qb(gz + "garbage!") << 3 << "gzip stream is corrupt";
    QTest::newRow("gz wrong magic") << qb(gzip(be32(0x00000903) + counting(30))) << 3 << "element type 0x09";
    QTest::newRow("gz lying dims") << qb(gzip(header({3, 3, 4}) + counting(24))) << 3 << "promises 36";
    QTest::newRow("gz too long") << qb(gzip(good + "xyz")) << 3 << "decompression bomb";
    QTest::newRow("gz empty stream") << qb(gzip("")) << 3 << "too short";
  }

  void badFiles() {
    QFETCH(QByteArray, bytes);
    QFETCH(int, rank);
    QFETCH(QString, problem);
    QTemporaryDir dir;
    const QString path = dir.filePath("bad-images-idx3-ubyte");
    writeFile(path, bytes.toStdString());
    try {
      vq::readIdx(path.toStdString(), rank);
      QFAIL("no error");
    } catch (const vq::Error& e) {
      const QString msg = QString::fromStdString(e.what());
      QCOMPARE(e.kind(), vq::ErrorKind::Input);
      QVERIFY2(msg.startsWith(path + ": "), qPrintable(msg));
      QVERIFY2(msg.contains(problem), qPrintable(msg));
      QVERIFY2(!msg.contains('\n'), qPrintable(msg));
    }
  }

  void missingFile() {
    QTemporaryDir dir;
    for (const QString& path : {dir.filePath("absent.gz"), dir.path()}) {
      try {
        vq::readIdx(path.toStdString(), 1);
        QFAIL("no error");
      } catch (const vq::Error& e) {
        QCOMPARE(e.kind(), vq::ErrorKind::Input);
        QVERIFY2(QString(e.what()).startsWith(path + ": "), e.what());
      }
    }
  }

  // 200 MB of zeros behind a header promising 10 x 28 x 28: refused after inflating ~8 KB,
  // in well under a second and without growing the process.
  void gzipBomb() {
    const std::string zeros(1 << 20, '\0');
    const std::string hdr = header({10, 28, 28});
    QElapsedTimer make;
    make.start();
    const std::string bomb = gzipStream(
        [&](const auto& sink) {
          sink(hdr.data(), hdr.size());
          for (int i = 0; i < 200; ++i) sink(zeros.data(), zeros.size());
        },
        1);
    qInfo("bomb: %zu compressed bytes for 200 MB, made in %lld ms", bomb.size(), static_cast<long long>(make.elapsed()));
    QVERIFY(bomb.size() < 2'000'000);

    const long rssBefore = maxRssKiB();
    QElapsedTimer timer;
    timer.start();
    try {
      vq::parseIdx(bomb, "bomb.gz", 3);
      QFAIL("no error");
    } catch (const vq::Error& e) {
      QVERIFY2(QString(e.what()).contains("decompression bomb"), e.what());
      QVERIFY2(QString(e.what()).contains("7856 bytes"), e.what());
    }
    QVERIFY2(timer.elapsed() < timeBudgetMs(500), qPrintable(QString("took %1 ms").arg(timer.elapsed())));
    QVERIFY2(maxRssKiB() - rssBefore < 32 * 1024, "peak memory grew by more than 32 MB");
  }
};

QTEST_APPLESS_MAIN(TestIdx)
#include "tst_idx.moc"
