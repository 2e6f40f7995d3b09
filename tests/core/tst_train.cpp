// The trainer on a small slice of the real Fashion-MNIST: a tiny DeiT learns well above chance in a few
// hundred steps, the same seed gives the same weights bit for bit, a resumed run equals an uninterrupted
// one, and cancelling keeps the last finished epoch.
#include "core/data/dataset.h"
#include "core/data/idx.h"
#include "core/io/safetensors.h"
#include "core/model/zoo.h"
#include "core/util/error.h"
#include "core/train/trainer.h"
#include "core/util/atomic_file.h"

#include <QtTest/QtTest>
#include <torch/torch.h>

#include <filesystem>

namespace {

// Writes the first `count` items of a Fashion-MNIST split as an IDX folder.
std::string writeSubset(const QTemporaryDir& tmp, const std::string& split, int64_t count) {
  const auto data = vq::openDataset("fashion-mnist:" + split);
  std::vector<int64_t> indices(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) indices[static_cast<size_t>(i)] = i;
  const auto dir = tmp.filePath(QString::fromStdString(split)).toStdString();
  std::filesystem::create_directories(dir);
  vq::writeFileAtomically(dir + "/images-idx3-ubyte", vq::serializeIdx(data->rawBatch(indices)));
  vq::writeFileAtomically(dir + "/labels-idx1-ubyte", vq::serializeIdx(data->labels().slice(0, 0, count).to(torch::kUInt8)));
  return "idx:" + dir;
}

vq::TrainOptions tinyRun(const std::string& train, const std::string& test, const std::string& out, int epochs) {
  vq::TrainOptions o;
  o.config = vq::defaultConfig("deit_tiny_patch16_224");
  o.config.modelArgs = {{"img_size", 28}, {"patch_size", 7}, {"embed_dim", 48}, {"depth", 1}, {"num_heads", 2}};
  o.config.pretrained.inputSize = {3, 28, 28};
  o.config.pretrained.cropPct = 1.0;
  o.config.pretrained.mean.assign(3, vq::kFashionMnistMean);
  o.config.pretrained.std.assign(3, vq::kFashionMnistStd);
  o.data = train;
  o.evalData = test;
  o.outDir = out;
  o.epochs = epochs;
  o.batchSize = 32;
  o.lr = 3e-3;
  o.warmupEpochs = 0.5;
  o.seed = 7;
  return o;
}

torch::Tensor weightsOf(const std::string& folder, const std::string& name) {
  return vq::readSafetensors(folder + "/model.safetensors").tensors.at(name);
}

}  // namespace

class TestTrain : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  std::string train_, test_;

private Q_SLOTS:
  void initTestCase() {
    torch::set_num_threads(1);
    train_ = writeSubset(tmp_, "train", 2048);
    test_ = writeSubset(tmp_, "test", 500);
  }

  void learnsAndIsReproducible() {
    const auto a = tmp_.filePath("a").toStdString(), b = tmp_.filePath("b").toStdString();
    const auto ra = vq::train(tinyRun(train_, test_, a, 8), {}, {});  // 8 epochs × 64 steps
    QCOMPARE(ra.history.size(), size_t{8});
    qInfo("loss %.3f -> %.3f, test top1 %.3f -> %.3f", ra.history.front().trainLoss, ra.history.back().trainLoss,
          ra.history.front().testTop1, ra.history.back().testTop1);
    QVERIFY(ra.history.back().trainLoss < ra.history.front().trainLoss);
    QVERIFY2(ra.history.back().testTop1 > 0.45, "a tiny DeiT should clearly beat chance (0.1) on Fashion-MNIST");
    vq::train(tinyRun(train_, test_, b, 8), {}, {});
    for (const char* name : {"blocks.0.attn.qkv.weight", "head.weight", "pos_embed"}) QVERIFY(weightsOf(a, name).equal(weightsOf(b, name)));
    const auto cfg = QFile(QString::fromStdString(a + "/config.json"));
    QVERIFY(cfg.exists());
  }

  void resumeEqualsUninterrupted() {
    const auto full = tmp_.filePath("full").toStdString(), parts = tmp_.filePath("parts").toStdString();
    vq::train(tinyRun(train_, test_, full, 3), {}, {});
    // The first run is cut short after epoch 1 (as Ctrl-C would), then resumed with the same recipe.
    vq::CancelToken cancel;
    auto first = tinyRun(train_, test_, parts, 3);
    const auto r1 = vq::train(first, {}, cancel, [&](const vq::EpochRecord&) { cancel.cancel(); });
    QVERIFY(r1.cancelled);
    QCOMPARE(r1.history.size(), size_t{1});
    QVERIFY(std::filesystem::exists(parts + "/model.safetensors"));
    auto second = tinyRun(train_, test_, parts, 3);
    second.resume = true;
    const auto r2 = vq::train(second, {}, {});
    QCOMPARE(r2.history.size(), size_t{3});
    QVERIFY(weightsOf(full, "blocks.0.mlp.fc2.weight").equal(weightsOf(parts, "blocks.0.mlp.fc2.weight")));
  }

  void resumeRefusesOtherSettings() {
    const auto dir = tmp_.filePath("other").toStdString();
    vq::train(tinyRun(train_, test_, dir, 1), {}, {});
    auto changed = tinyRun(train_, test_, dir, 1);
    changed.lr = 1e-2;
    changed.resume = true;
    try {
      vq::train(changed, {}, {});
      QFAIL("resume with another learning rate was accepted");
    } catch (const vq::Error& e) {
      QVERIFY2(QString(e.what()).contains("other settings"), e.what());
    }
  }
};

QTEST_APPLESS_MAIN(TestTrain)
#include "tst_train.moc"
