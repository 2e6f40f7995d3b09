// The limits that bound what a hostile file can make the program allocate (docs/user-guide.md, "Limits"):
// the model-size budget under which every architecture is built and the size caps of the JSON readers.
#include "input_errors.h"

#include "core/io/json_file.h"
#include "core/model/zoo.h"
#include "core/quant/quant_model.h"
#include "core/util/allocation_budget.h"

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <torch/torch.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

class TestInputLimits : public QObject {
  Q_OBJECT

  QTemporaryDir tmp_;

  static void writeText(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

  // The built-in DeiT's folder with config.json's model_args changed.
  std::string modelFolderWith(const std::string& name, const nlohmann::json& args) {
    const fs::path dir = fs::path(tmp_.path().toStdString()) / name;
    fs::create_directories(dir);
    const fs::path builtin = vq::builtinModelFolder("deit-fashion");
    auto config = nlohmann::json::parse(std::ifstream(builtin / "config.json"));
    config["model_args"].update(args);
    writeText(dir / "config.json", config.dump());
    fs::copy_file(builtin / "model.safetensors", dir / "model.safetensors", fs::copy_options::overwrite_existing);
    return dir.string();
  }

private Q_SLOTS:
  void initTestCase() { QVERIFY(tmp_.isValid()); }
  void cleanup() { vq::setMaxModelBytes(vq::kDefaultMaxModelBytes); }

  void hugeModelIsRefusedBeforeAllocating() {
    // Every argument within its own bound, yet the first MLP alone would be 37 GB (96 × 9.6e7 floats).
    const auto dir = modelFolderWith("huge", {{"mlp_ratio", 1e6}});
    const QString error = expectInputError([&] { vq::loadModel(dir); });
    QVERIFY2(error.contains("config.json") && error.contains("8192 MiB"), qPrintable(error));
  }

  void mlpRatioIsBounded() {
    // dim × 1e300 used to be cast to int64 unchecked (undefined behaviour; the sanitizer build aborts on it).
    const auto dir = modelFolderWith("ratio", {{"mlp_ratio", 1e300}});
    const QString error = expectInputError([&] { vq::loadModel(dir); });
    QVERIFY2(error.contains("model_args.mlp_ratio"), qPrintable(error));
  }

  void hugeNumbersInArchitectureNames_data() {
    QTest::addColumn<QString>("architecture");
    const std::string nines(40, '9');
    QTest::newRow("vit patch") << QString::fromStdString("deit_tiny_patch" + nines + "_224");
    QTest::newRow("vit resolution") << QString::fromStdString("deit_tiny_patch16_" + nines);
    QTest::newRow("swin window") << QString::fromStdString("swin_tiny_patch4_window" + nines + "_224");
  }

  void hugeNumbersInArchitectureNames() {
    // Found by fuzz_model_config: std::stoll threw std::out_of_range, which escaped as an uncaught exception.
    QFETCH(QString, architecture);
    const auto dir = modelFolderWith("name", nlohmann::json::object());
    auto config = nlohmann::json::parse(std::ifstream(fs::path(dir) / "config.json"));
    config["architecture"] = architecture.toStdString();
    writeText(fs::path(dir) / "config.json", config.dump());
    const QString error = expectInputError([&] { vq::loadModel(dir); });
    QVERIFY2(error.contains("unknown architecture"), qPrintable(error));
  }

  void budgetCountsEveryAllocation() {
    // No single tensor of a 12-block, 1024-wide DeiT is near 64 MiB, but together they are ~600 MB.
    vq::setMaxModelBytes(64ull << 20);
    const auto dir = modelFolderWith("wide", {{"embed_dim", 1024}, {"depth", 12}, {"num_heads", 16}});
    const QString error = expectInputError([&] { vq::loadModel(dir); });
    QVERIFY2(error.contains("needs more than 64 MiB"), qPrintable(error));
  }

  void budgetEndsWithTheModel() {
    vq::setMaxModelBytes(64ull << 20);
    const auto loaded = vq::loadModel("builtin:deit-fashion");  // ~2 MB: within the budget
    QVERIFY(loaded.model);
    const auto big = torch::ones({128ll << 20}, torch::kUInt8);  // after the build, nothing is counted
    QCOMPARE(big.numel(), 128ll << 20);
  }

  void failedBuildLeavesNoBudgetBehind() {
    vq::setMaxModelBytes(1 << 20);
    QVERIFY(expectInputError([] { vq::loadModel("builtin:swin-fashion"); }).contains("MiB"));
    vq::setMaxModelBytes(vq::kDefaultMaxModelBytes);
    QVERIFY(vq::loadModel("builtin:swin-fashion").model);
  }

  void jsonReadersRefuseOversizedFiles_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<qulonglong>("cap");
    QTest::newRow("config.json") << "config.json" << qulonglong(vq::kMaxConfigJsonBytes);
    QTest::newRow("quant.json") << "quant.json" << qulonglong(vq::kMaxQuantJsonBytes);
  }
  void jsonReadersRefuseOversizedFiles() {
    QFETCH(QString, file);
    QFETCH(qulonglong, cap);
    const fs::path dir = fs::path(tmp_.path().toStdString()) / ("big-" + file.toStdString());
    fs::create_directories(dir);
    const fs::path builtin = vq::builtinModelFolder("deit-fashion");
    for (const char* f : {"config.json", "model.safetensors"}) fs::copy_file(builtin / f, dir / f);
    writeText(dir / file.toStdString(), "{}" + std::string(cap, ' '));  // valid JSON, one byte too long... and more
    const QString error = expectInputError([&] { vq::openQuantizedModel(dir.string()); });
    QVERIFY2(error.contains(file) && error.contains("limit"), qPrintable(error));
  }

  void jsonAtTheCapIsRead() {
    const fs::path path = fs::path(tmp_.path().toStdString()) / "at-cap.json";
    writeText(path, "{}" + std::string(1000 - 2, ' '));
    QVERIFY(vq::readJsonFile(path.string(), 1000).is_object());
    QVERIFY(expectInputError([&] { vq::readJsonFile(path.string(), 999); }).contains("limit"));
  }
};

QTEST_GUILESS_MAIN(TestInputLimits)
#include "tst_input_limits.moc"
