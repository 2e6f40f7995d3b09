// Data sets (core/data/dataset.h): the real Fashion-MNIST splits, idx:<dir> file selection,
// folder:<dir> class folders, spec parsing, label checks and batches.
#include "core/data/dataset.h"
#include "core/data/idx.h"
#include "core/data/image.h"
#include "core/data/preprocess.h"
#include "core/util/error.h"

#include <QtTest/QtTest>
#include <torch/torch.h>
#include <zlib.h>

#include <functional>
#include <string>
#include <vector>

namespace {

const std::string kFashion = vq::kFashionMnistDir;

std::string gzip(const std::string& bytes) {
  z_stream zs{};
  deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, static_cast<uLong>(bytes.size())) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  zs.avail_in = static_cast<uInt>(bytes.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

void writeFile(const QString& path, const std::string& bytes) {
  QDir().mkpath(QFileInfo(path).path());
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  QCOMPARE(f.write(bytes.data(), static_cast<qint64>(bytes.size())), static_cast<qint64>(bytes.size()));
}

torch::Tensor u8(std::vector<int64_t> sizes, uint64_t seed) {
  auto gen = vq::makeGenerator(seed);
  return torch::randint(0, 256, sizes, gen, torch::TensorOptions().dtype(torch::kUInt8));
}

torch::Tensor labelTensor(const std::vector<int>& v) {
  return torch::tensor(v, torch::TensorOptions().dtype(torch::kInt32)).to(torch::kUInt8);
}

// Writes an images/labels pair named <prefix>-images-idx3-ubyte[.gz] and <prefix>-labels-idx1-ubyte[.gz].
void writePair(const QString& dir, const QString& prefix, const torch::Tensor& images, const torch::Tensor& labels,
               bool gz) {
  const QString ext = gz ? ".gz" : "";
  auto enc = [&](const torch::Tensor& t) { return gz ? gzip(vq::serializeIdx(t)) : vq::serializeIdx(t); };
  writeFile(dir + "/" + prefix + "-images-idx3-ubyte" + ext, enc(images));
  writeFile(dir + "/" + prefix + "-labels-idx1-ubyte" + ext, enc(labels));
}

vq::PretrainedCfg cfg32() {
  vq::PretrainedCfg cfg;
  cfg.inputSize = {3, 32, 32};
  return cfg;
}

std::pair<vq::ErrorKind, QString> errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const vq::Error& e) {
    return {e.kind(), QString::fromStdString(e.what())};
  }
  return {vq::ErrorKind::Input, "no error"};
}

bool haveFashionMnist() { return QFile::exists(QString::fromStdString(kFashion + "/t10k-labels-idx1-ubyte.gz")); }

}  // namespace

class TestDataset : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void initTestCase() { torch::set_num_threads(2); }

  void fashionMnistTest() {
    if (!haveFashionMnist()) QSKIP("dataset-fashion-mnist is not installed");
    // The first label, read here without the code under test.
    gzFile f = gzopen((kFashion + "/t10k-labels-idx1-ubyte.gz").c_str(), "rb");
    QVERIFY(f);
    unsigned char head[9];
    QCOMPARE(gzread(f, head, 9), 9);
    gzclose(f);
    QCOMPARE(int(head[8]), 9);  // Ankle boot

    QElapsedTimer timer;
    timer.start();
    for (const char* spec : {"fashion-mnist", "fashion-mnist:test"}) {
      const auto data = vq::openDataset(spec);
      QCOMPARE(data->spec(), std::string("fashion-mnist:test"));
      QCOMPARE(data->size(), int64_t{10000});
      QCOMPARE(data->numClasses(), int64_t{10});
      QCOMPARE(data->labelNames(), vq::fashionMnistLabelNames());
      QCOMPARE(data->label(0), int64_t{head[8]});
      QCOMPARE(data->labelNames()[data->label(0)], std::string("Ankle boot"));
      QCOMPARE(data->labels().scalar_type(), torch::kInt64);
      QCOMPARE(data->image(0).sizes().vec(), (std::vector<int64_t>{28, 28}));
      QVERIFY(QString::fromStdString(data->description()).contains("10000 grey images of 28x28, 10 classes"));
      // every class occurs 1000 times in the test split
      QVERIFY(torch::equal(torch::bincount(data->labels()), torch::full({10}, 1000, torch::kInt64)));

      const auto batch = data->batch(0, 8, cfg32());
      QCOMPARE(batch.images.sizes().vec(), (std::vector<int64_t>{8, 3, 32, 32}));
      QCOMPARE(batch.images.scalar_type(), torch::kFloat32);
      QCOMPARE(batch.labels.scalar_type(), torch::kInt64);
      QCOMPARE(batch.labels[0].item<int64_t>(), int64_t{9});
      QVERIFY(torch::isfinite(batch.images).all().item<bool>());
      // the batch equals the per-image path on the stored image
      QVERIFY((batch.images[3] - vq::preprocessImage(data->image(3), cfg32())).abs().max().item<float>() <= 1e-6f);
    }
    qInfo("opened the test split twice and preprocessed in %lld ms", static_cast<long long>(timer.elapsed()));
  }

  void fashionMnistTrain() {
    if (!haveFashionMnist()) QSKIP("dataset-fashion-mnist is not installed");
    const auto data = vq::openDataset("fashion-mnist:train");
    QCOMPARE(data->spec(), std::string("fashion-mnist:train"));
    QCOMPARE(data->size(), int64_t{60000});
    QCOMPARE(data->rawBatch({0, 59999}).sizes().vec(), (std::vector<int64_t>{2, 28, 28}));
    QVERIFY(data->labels().max().item<int64_t>() == 9 && data->labels().min().item<int64_t>() == 0);
  }

  void specErrors_data() {
    QTest::addColumn<QString>("spec");
    QTest::addColumn<bool>("usage");
    QTest::addColumn<QString>("problem");
    QTest::newRow("empty") << "" << true << "unknown data set ''";
    QTest::newRow("unknown form") << "mnist" << true << "unknown data set 'mnist'";
    QTest::newRow("bare folder") << "/tmp" << true << "unknown data set '/tmp'";
    QTest::newRow("bad split") << "fashion-mnist:val" << true << "unknown Fashion-MNIST split";
    QTest::newRow("idx without folder") << "idx:" << true << "names no folder";
    QTest::newRow("folder without folder") << "folder:" << true << "names no folder";
    QTest::newRow("idx missing") << "idx:/nonexistent/vq" << false << "/nonexistent/vq: no such folder";
    QTest::newRow("folder missing") << "folder:/nonexistent/vq" << false << "/nonexistent/vq: no such folder";
  }

  void specErrors() {
    QFETCH(QString, spec);
    QFETCH(bool, usage);
    QFETCH(QString, problem);
    const auto [kind, msg] = errorOf([&] { vq::openDataset(spec.toStdString()); });
    QVERIFY2(msg.contains(problem), qPrintable(msg));
    QCOMPARE(kind, usage ? vq::ErrorKind::Usage : vq::ErrorKind::Input);
  }

  // Train and test pairs in one folder: the test (t10k) pair wins; .gz and plain both read.
  void idxFolderPrefersTest() {
    QTemporaryDir dir;
    const auto trainImages = u8({5, 6, 4}, 1), testImages = u8({3, 6, 4}, 2);
    writePair(dir.path(), "train", trainImages, labelTensor({0, 1, 2, 1, 0}), true);
    writePair(dir.path(), "t10k", testImages, labelTensor({2, 0, 1}), false);
    writeFile(dir.filePath("README"), "not an IDX file");
    const auto data = vq::openDataset("idx:" + dir.path().toStdString());
    QCOMPARE(data->size(), int64_t{3});
    QCOMPARE(data->labelNames(), (std::vector<std::string>{"0", "1", "2"}));
    QVERIFY(torch::equal(data->labels(), torch::tensor({2, 0, 1}, torch::kInt64)));
    QVERIFY(torch::equal(data->rawBatch({2, 0}), torch::stack({testImages[2], testImages[0]})));
    QVERIFY(torch::equal(data->image(1), testImages[1]));
    QCOMPARE(QString::fromStdString(data->itemName(1)), dir.filePath("t10k-images-idx3-ubyte") + "[1]");
    const auto batch = data->batch({1, 2}, cfg32());
    QCOMPARE(batch.images.sizes().vec(), (std::vector<int64_t>{2, 3, 32, 32}));
    QVERIFY(torch::equal(batch.labels, torch::tensor({0, 1}, torch::kInt64)));
    QCOMPARE(data->batch(0, 0, cfg32()).images.sizes().vec(), (std::vector<int64_t>{0, 3, 32, 32}));
  }

  void idxFolderSinglePairAnyNames() {
    QTemporaryDir dir;
    writeFile(dir.filePath("my-idx3.bin"), gzip(vq::serializeIdx(u8({4, 3, 3}, 3))));
    writeFile(dir.filePath("my-idx1.bin"), vq::serializeIdx(labelTensor({1, 1, 0, 2})));
    writeFile(dir.filePath("class_names.txt"), "cat\r\n\n  dog \nbird\n");
    const auto data = vq::openDataset("idx:" + dir.path().toStdString());
    QCOMPARE(data->size(), int64_t{4});
    QCOMPARE(data->labelNames(), (std::vector<std::string>{"cat", "dog", "bird"}));
  }

  void idxFolderErrors_data() {
    QTest::addColumn<QString>("layout");
    QTest::addColumn<QString>("problem");
    QTest::newRow("two train pairs") << "ambiguous" << "holds several IDX image/label pairs";
    QTest::newRow("no labels") << "nolabels" << "holds no IDX labels file";
    QTest::newRow("label too large") << "range" << "label 5 of item 2 is not below the number of classes (3)";
    QTest::newRow("count mismatch") << "count" << "holds 2 labels but";
    QTest::newRow("bad images file") << "corrupt" << "not an IDX file";
    QTest::newRow("not a folder") << "file" << "is not a folder";
  }

  void idxFolderErrors() {
    QFETCH(QString, layout);
    QFETCH(QString, problem);
    QTemporaryDir dir;
    QString spec = "idx:" + dir.path();
    if (layout == "ambiguous") {
      writePair(dir.path(), "a-train", u8({2, 4, 4}, 1), labelTensor({0, 1}), false);
      writePair(dir.path(), "b-train", u8({2, 4, 4}, 1), labelTensor({0, 1}), false);
    } else if (layout == "nolabels") {
      writeFile(dir.filePath("t10k-images-idx3-ubyte"), vq::serializeIdx(u8({2, 4, 4}, 1)));
    } else if (layout == "range") {
      writePair(dir.path(), "t10k", u8({3, 4, 4}, 1), labelTensor({0, 2, 5}), true);
      writeFile(dir.filePath("class_names.txt"), "a\nb\nc\n");
    } else if (layout == "count") {
      writePair(dir.path(), "t10k", u8({3, 4, 4}, 1), labelTensor({0, 1}), false);
    } else if (layout == "corrupt") {
      writePair(dir.path(), "t10k", u8({3, 4, 4}, 1), labelTensor({0, 1, 1}), false);
      writeFile(dir.filePath("t10k-images-idx3-ubyte"), "garbage garbage garbage");
    } else if (layout == "file") {
      writeFile(dir.filePath("x"), "x");
      spec = "idx:" + dir.filePath("x");
    }
    const auto [kind, msg] = errorOf([&] { vq::openDataset(spec.toStdString()); });
    QCOMPARE(kind, vq::ErrorKind::Input);
    QVERIFY2(msg.startsWith(dir.path()) && msg.contains(problem), qPrintable(msg));
    QVERIFY2(!msg.contains('\n'), qPrintable(msg));
  }

  void imageFolder() {
    QTemporaryDir dir;
    const auto a0 = u8({10, 12, 3}, 1), a1 = u8({20, 8, 3}, 2), b0 = u8({10, 12, 3}, 3);
    QDir().mkpath(dir.filePath("zebra"));
    QDir().mkpath(dir.filePath("apple/sub"));
    vq::writeImage(dir.filePath("zebra/b0.png").toStdString(), b0);
    vq::writeImage(dir.filePath("apple/x.png").toStdString(), a0);
    vq::writeImage(dir.filePath("apple/sub/y.BMP").toStdString(), a1);
    writeFile(dir.filePath("apple/notes.txt"), "ignored");
    writeFile(dir.filePath("apple/.hidden.png"), "ignored");
    writeFile(dir.filePath(".git/HEAD"), "ignored");
    writeFile(dir.filePath("top-level.png"), "ignored: not in a class folder");

    const auto data = vq::openDataset("folder:" + dir.path().toStdString());
    QCOMPARE(data->labelNames(), (std::vector<std::string>{"apple", "zebra"}));
    QCOMPARE(data->size(), int64_t{3});
    QVERIFY(torch::equal(data->labels(), torch::tensor({0, 0, 1}, torch::kInt64)));
    QCOMPARE(QString::fromStdString(data->itemName(1)), dir.filePath("apple/x.png"));  // "sub/y.BMP" < "x.png"
    QVERIFY(torch::equal(data->image(0), a1));
    QVERIFY(torch::equal(data->image(2), b0));
    QVERIFY(torch::equal(data->rawBatch({1, 2}), torch::stack({a0, b0})));

    const auto batch = data->batch(0, 3, cfg32());
    QCOMPARE(batch.images.sizes().vec(), (std::vector<int64_t>{3, 3, 32, 32}));
    QVERIFY(torch::equal(batch.labels, torch::tensor({0, 0, 1}, torch::kInt64)));
    QVERIFY(torch::equal(batch.images[2], vq::preprocessImage(b0, cfg32())));

    const auto [kind, msg] = errorOf([&] { data->rawBatch({0, 1}); });
    QCOMPARE(kind, vq::ErrorKind::Input);
    QVERIFY2(msg.contains("a raw batch needs equal sizes"), qPrintable(msg));
  }

  void imageFolderCorruptImage() {
    QTemporaryDir dir;
    QDir().mkpath(dir.filePath("a"));
    vq::writeImage(dir.filePath("a/good.png").toStdString(), u8({8, 8, 3}, 1));
    writeFile(dir.filePath("a/zbad.png"), "\x89PNG\r\n\x1a\n broken");
    const auto data = vq::openDataset("folder:" + dir.path().toStdString());  // opening does not decode
    QCOMPARE(data->size(), int64_t{2});
    const auto [kind, msg] = errorOf([&] { data->batch(0, 2, cfg32()); });
    QCOMPARE(kind, vq::ErrorKind::Input);
    QVERIFY2(msg.startsWith(dir.filePath("a/zbad.png") + ": "), qPrintable(msg));
  }

  void imageFolderErrors_data() {
    QTest::addColumn<QString>("layout");
    QTest::addColumn<QString>("problem");
    QTest::newRow("no class folders") << "flat" << "holds no class sub-folders";
    QTest::newRow("empty class") << "emptyclass" << "class folder holds no images";
  }

  void imageFolderErrors() {
    QFETCH(QString, layout);
    QFETCH(QString, problem);
    QTemporaryDir dir;
    if (layout == "flat") {
      vq::writeImage(dir.filePath("img.png").toStdString(), u8({4, 4, 3}, 1));
    } else {
      QDir().mkpath(dir.filePath("a"));
      vq::writeImage(dir.filePath("a/img.png").toStdString(), u8({4, 4, 3}, 1));
      writeFile(dir.filePath("b/readme.txt"), "no images here");
    }
    const auto [kind, msg] = errorOf([&] { vq::openDataset("folder:" + dir.path().toStdString()); });
    QCOMPARE(kind, vq::ErrorKind::Input);
    QVERIFY2(msg.startsWith(dir.path()) && msg.contains(problem), qPrintable(msg));
  }

  // The training recipe from dataset.h: raw batch -> augmentation -> batched preprocessing.
  void augmentedTrainingBatch() {
    QTemporaryDir dir;
    writePair(dir.path(), "train", u8({6, 28, 28}, 5), labelTensor({0, 1, 2, 3, 4, 5}), true);
    const auto data = vq::openDataset("idx:" + dir.path().toStdString());
    const std::vector<int64_t> indices = {5, 1, 3};
    auto gen = vq::makeGenerator(123);
    const auto x = vq::preprocessBatch(vq::randomCropFlip(data->rawBatch(indices), 4, gen), cfg32());
    QCOMPARE(x.sizes().vec(), (std::vector<int64_t>{3, 3, 32, 32}));
    auto gen2 = vq::makeGenerator(123);
    QVERIFY(torch::equal(x, vq::preprocessBatch(vq::randomCropFlip(data->rawBatch(indices), 4, gen2), cfg32())));
  }
};

QTEST_APPLESS_MAIN(TestDataset)
#include "tst_dataset.moc"
