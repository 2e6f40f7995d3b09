// The safetensors reader and writer: round trip, and hostile files (truncated, mutated, lying
// headers) that must give a vq::Error naming the file — never a crash or another exception.
#include "core/io/safetensors.h"
#include "core/util/error.h"

#include <QtTest/QtTest>
#include <torch/torch.h>

#include <fstream>
#include <random>

class TestSafetensors : public QObject {
  Q_OBJECT

  static std::string goldenBytes() {
    std::ifstream in(std::string(VQ_TEST_DATA) + "/golden/deit_tiny_e96d3h3p8_img32/model.safetensors", std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  // Parses; returns "" on success, the error text on vq::Error; fails the test on anything else.
  static std::string tryParse(const std::string& bytes) {
    try {
      vq::parseSafetensors(bytes, "fuzz.safetensors");
      return {};
    } catch (const vq::Error& e) {
      return e.what();
    }
  }

  static std::string withHeader(const std::string& header, const std::string& data) {
    std::string bytes(8, '\0');
    const uint64_t n = header.size();
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((n >> (8 * i)) & 0xff);
    return bytes + header + data;
  }

private Q_SLOTS:
  void roundTrip() {
    vq::SafeTensors file;
    file.tensors["a"] = torch::arange(12, torch::kFloat32).reshape({3, 4});
    file.tensors["b.int"] = torch::tensor({-3, 7}, torch::kInt64);
    file.tensors["c"] = torch::randn({2, 2}).to(torch::kFloat16);
    file.tensors["empty"] = torch::zeros({0, 5});
    file.metadata["k"] = "v";
    const auto back = vq::parseSafetensors(vq::serializeSafetensors(file), "mem");
    QCOMPARE(back.tensors.size(), file.tensors.size());
    for (const auto& [name, t] : file.tensors) {
      QVERIFY(back.tensors.at(name).equal(t));
      QCOMPARE(back.tensors.at(name).scalar_type(), t.scalar_type());
    }
    QCOMPARE(back.metadata.at("k"), std::string("v"));
  }

  void writeIsAtomic() {
    QTemporaryDir dir;
    const auto path = dir.filePath("x.safetensors").toStdString();
    vq::SafeTensors file;
    file.tensors["a"] = torch::ones({2});
    vq::writeSafetensors(path, file);
    QVERIFY(vq::readSafetensors(path).tensors.at("a").equal(torch::ones({2})));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);  // no temporary left
  }

  void hostileHeaders_data() {
    QTest::addColumn<QString>("header");
    QTest::addColumn<int>("dataBytes");
    QTest::addColumn<QString>("expected");
    QTest::newRow("not json") << "{nope" << 0 << "not valid JSON";
    QTest::newRow("not object") << "[1,2]" << 0 << "not a JSON object";
    QTest::newRow("offsets past end") << R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})" << 8 << "outside";
    QTest::newRow("size mismatch") << R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,16]}})" << 16 << "do not hold";
    QTest::newRow("negative dim") << R"({"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})" << 4 << "negative";
    QTest::newRow("huge dims") << R"({"a":{"dtype":"F32","shape":[1099511627776,1099511627776],"data_offsets":[0,4]}})" << 4 << "too large";
    QTest::newRow("bad dtype") << R"({"a":{"dtype":"Q4","shape":[1],"data_offsets":[0,1]}})" << 1 << "unsupported dtype";
    QTest::newRow("reversed offsets") << R"({"a":{"dtype":"U8","shape":[0],"data_offsets":[4,0]}})" << 4 << "outside";
    QTest::newRow("overlap") << R"({"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},"b":{"dtype":"U8","shape":[4],"data_offsets":[2,6]}})" << 8 << "overlap";
    QTest::newRow("missing fields") << R"({"a":{"dtype":"U8"}})" << 0 << "lacks";
    QTest::newRow("metadata not strings") << R"({"__metadata__":{"a":1}})" << 0 << "not a string";
  }

  void hostileHeaders() {
    QFETCH(QString, header);
    QFETCH(int, dataBytes);
    QFETCH(QString, expected);
    const auto err = tryParse(withHeader(header.toStdString(), std::string(static_cast<size_t>(dataBytes), '\0')));
    QVERIFY2(!err.empty(), "a hostile header was accepted");
    QVERIFY2(err.find("fuzz.safetensors: ") == 0, err.c_str());
    QVERIFY2(err.find(expected.toStdString()) != std::string::npos, err.c_str());
  }

  void lyingHeaderLength() {
    std::string bytes = goldenBytes();
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>(0xff);
    QVERIFY(tryParse(bytes).find("exceeds") != std::string::npos);
    QVERIFY(!tryParse("abc").empty());
  }

  // Every truncation of a real file is refused (or, at the full length, accepted).
  void truncations() {
    const auto bytes = goldenBytes();
    QVERIFY(tryParse(bytes).empty());
    for (size_t len = 0; len < bytes.size(); len += 1 + len / 7) QVERIFY(!tryParse(bytes.substr(0, len)).empty());
  }

  // Random byte mutations in the header: either parses or throws vq::Error, never crashes.
  void mutations() {
    const auto bytes = goldenBytes();
    uint64_t headerLen = 0;
    for (int i = 7; i >= 0; --i) headerLen = (headerLen << 8) | static_cast<unsigned char>(bytes[i]);
    std::mt19937 rng(1234);
    int refused = 0;
    for (int trial = 0; trial < 2000; ++trial) {
      auto m = bytes;
      const int edits = 1 + static_cast<int>(rng() % 4);
      for (int e = 0; e < edits; ++e) m[rng() % (8 + headerLen)] = static_cast<char>(rng() % 256);
      if (!tryParse(m).empty()) ++refused;
    }
    QVERIFY(refused > 0);
  }
};

QTEST_APPLESS_MAIN(TestSafetensors)
#include "tst_safetensors.moc"
