// The integer-only ViT/DeiT and Swin (I-ViT): close to their float models, identical after a save/load
// round trip, and loading refuses integer files that do not fit.
#include "core/integer/integer_model.h"
#include "core/io/safetensors.h"
#include "core/util/error.h"
#include "tiny_models.h"

#include <QtTest/QtTest>
#include <QTemporaryDir>
#include <torch/torch.h>

#include <map>

using namespace vq;

namespace {

// Stand-ins for trained LayerNorm affines, so the integer LayerNorm's per-channel gain is not trivial.
void perturbNorms(VisionModel& m) {
  torch::NoGradGuard noGrad;
  auto gen = torch::make_generator<at::CPUGeneratorImpl>(5);
  for (auto& p : m.named_parameters(true)) {
    if (p.key().find("norm") == std::string::npos) continue;
    if (p.key().size() > 7 && p.key().substr(p.key().size() - 7) == ".weight") p.value().uniform_(0.5, 1.5, gen);
    else p.value().uniform_(-0.3, 0.3, gen);
  }
}

double sqnrDb(const torch::Tensor& ref, const torch::Tensor& x) {
  return 10 * std::log10(ref.pow(2).sum().item<double>() / (ref - x).pow(2).sum().item<double>());
}

}  // namespace

class TestIntegerModels : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void tracksTheFloatModel_data() {
    QTest::addColumn<QString>("arch");
    QTest::addColumn<QString>("args");
    const QString deit = "deit_tiny_patch16_224", swin = "swin_tiny_patch4_window7_224";
    QTest::newRow("deit-cls-token") << deit << R"({"patch_size":8,"embed_dim":48,"depth":2,"num_heads":2})";
    QTest::newRow("vit-avg-pool+fc_norm") << deit << R"({"patch_size":8,"embed_dim":48,"depth":2,"num_heads":2,"global_pool":"avg","class_token":false})";
    QTest::newRow("vit-layer-scale") << deit << R"({"patch_size":8,"embed_dim":48,"depth":2,"num_heads":2,"init_values":0.5})";
    // 8×8 tokens in 4×4 windows: shifted windows with their mask, then patch merging into one window.
    QTest::newRow("swin") << swin << R"({"patch_size":4,"embed_dim":32,"depths":[2,2],"num_heads":[2,4],"window_size":4})";
    // 7×7 tokens in 4×4 windows: padding, and merging an odd side.
    QTest::newRow("swin-padded") << swin << R"({"img_size":28,"patch_size":4,"embed_dim":32,"depths":[2,1],"num_heads":[2,4],"window_size":4})";
  }

  void tracksTheFloatModel() {
    QFETCH(QString, arch);
    QFETCH(QString, args);
    auto json = nlohmann::json::parse(args.toStdString());
    const int64_t side = json.value("img_size", 32);
    auto fp = tinyModel(arch.toStdString(), side, json);
    perturbNorms(*fp.model);
    auto integer = makeIntegerModel(*fp.model, "tiny");
    torch::manual_seed(1);
    const auto images = torch::randn({16, 3, side, side});
    integer->calibrate(images);
    c10::InferenceMode inference;
    const auto ref = fp.model->forward(images);
    const auto got = integer->forward(images);
    QCOMPARE(got.sizes(), ref.sizes());
    const double sqnr = sqnrDb(ref, got);
    QVERIFY2(sqnr > 20, qPrintable(QString("logits SQNR %1 dB").arg(sqnr)));
    // forwardFeatures → forwardHead goes through float but recovers the same integers.
    QVERIFY(torch::equal(integer->forwardHead(integer->forwardFeatures(images)), got));
  }

  // Narrow weights: every transformer layer's codes within ±(2^(b−1) − 1), each channel reaching its largest
  // code; the patch embedding and the head keep 8 bits; the logits still follow the float model's.
  void weightWidths() {
    const auto args = nlohmann::json::parse(R"({"patch_size":8,"embed_dim":48,"depth":2,"num_heads":2})");
    auto fp = tinyModel("deit_tiny_patch16_224", 32, args);
    perturbNorms(*fp.model);
    for (int bits : {8, 6, 4, 3, 2}) {
      auto integer = makeIntegerModel(*fp.model, "tiny", bits);
      integer->calibrate(torch::randn({8, 3, 32, 32}));
      struct Widths : IntVisitor {
        std::map<std::string, std::pair<int64_t, int64_t>> range;  // weight name → min over channels of max|w|, max|w|
        void tensor(const std::string& name, torch::Tensor& t, torch::ScalarType) override {
          if (name.size() < 7 || name.substr(name.size() - 7) != ".weight" || t.scalar_type() != torch::kInt8) return;
          const auto perChannel = std::get<0>(t.abs().to(torch::kInt64).reshape({t.size(0), -1}).max(1));
          range[name] = {perChannel.min().item<int64_t>(), perChannel.max().item<int64_t>()};
        }
        void number(const std::string&, double&) override {}
        void integer(const std::string&, int&) override {}
      } widths;
      integer->visit(widths);
      QVERIFY(!widths.range.empty());
      const int64_t narrow = (int64_t{1} << (bits - 1)) - 1;
      for (const auto& [name, r] : widths.range) {
        const int64_t want = name.rfind("blocks.", 0) == 0 ? narrow : 127;
        QVERIFY2(r.first == want && r.second == want, qPrintable(QString::fromStdString(name)));
      }
      if (bits >= 4) {
        c10::InferenceMode inference;
        const auto images = torch::randn({16, 3, 32, 32});
        const double sqnr = sqnrDb(fp.model->forward(images), integer->forward(images));
        QVERIFY2(sqnr > (bits == 8 ? 20 : 5), qPrintable(QString("W%1 logits SQNR %2 dB").arg(bits).arg(sqnr)));
      }
    }
    QVERIFY_THROWS_EXCEPTION(Error, makeIntegerModel(*fp.model, "tiny", 9));
    QVERIFY_THROWS_EXCEPTION(Error, makeIntegerModel(*fp.model, "tiny", 1));
  }

  void deadChannelsKeepTheirBias() {
    auto fp = tinyDeit();
    {
      torch::NoGradGuard noGrad;
      const auto parameters = fp.model->named_parameters(true);
      const auto* fc1 = parameters.find("blocks.0.mlp.fc1.weight");
      fc1->narrow(0, 0, 3).zero_();  // three dead channels; their biases stay
    }
    auto integer = makeIntegerModel(*fp.model, "tiny");
    const auto images = torch::randn({8, 3, 32, 32});
    integer->calibrate(images);
    c10::InferenceMode inference;
    QVERIFY(sqnrDb(fp.model->forward(images), integer->forward(images)) > 20);
  }

  void distilledHeadsAverage() {
    auto fp = tinyModel("deit_tiny_distilled_patch16_224", 32, {{"patch_size", 8}, {"embed_dim", 48}, {"depth", 1}, {"num_heads", 2}});
    auto integer = makeIntegerModel(*fp.model, "tiny");
    torch::manual_seed(2);
    const auto images = torch::randn({8, 3, 32, 32});
    integer->calibrate(images);
    c10::InferenceMode inference;
    QVERIFY(sqnrDb(fp.model->forward(images), integer->forward(images)) > 20);
  }

  void saveLoadIsExact() {
    auto fp = tinyDeit();
    auto integer = makeIntegerModel(*fp.model, "tiny");
    torch::manual_seed(3);
    const auto images = torch::randn({8, 3, 32, 32});
    integer->calibrate(images);
    QTemporaryDir dir;
    const auto path = dir.filePath("integer.safetensors").toStdString();
    writeIntegerModel(path, *integer);
    auto loaded = makeIntegerModel(*fp.model, "tiny");
    readIntegerModel(path, *loaded);
    c10::InferenceMode inference;
    QVERIFY(torch::equal(loaded->forward(images), integer->forward(images)));
  }

  void refusesFilesThatDoNotFit_data() {
    QTest::addColumn<QString>("damage");
    QTest::addColumn<QString>("message");
    QTest::newRow("missing") << "missing" << "tensor 'head.weight' is missing";
    QTest::newRow("dtype") << "dtype" << "tensor 'head.weight' should be";
    QTest::newRow("minus-128") << "minus128" << "holds -128";
    QTest::newRow("shift") << "shift" << "is not a shift in 0..62";
    QTest::newRow("extra") << "extra" << "is not part of this model";
    QTest::newRow("shape") << "shape" << "do not fit the model";
    QTest::newRow("format") << "format" << "is not a vitquant integer model";
  }

  void refusesFilesThatDoNotFit() {
    QFETCH(QString, damage);
    QFETCH(QString, message);
    auto fp = tinyDeit();
    auto integer = makeIntegerModel(*fp.model, "tiny");
    torch::manual_seed(4);
    integer->calibrate(torch::randn({4, 3, 32, 32}));
    QTemporaryDir dir;
    const auto path = dir.filePath("integer.safetensors").toStdString();
    writeIntegerModel(path, *integer);
    auto file = readSafetensors(path);
    const auto d = damage.toStdString();
    if (d == "missing") file.tensors.erase("head.weight");
    if (d == "dtype") file.tensors["head.weight"] = file.tensors["head.weight"].to(torch::kInt16);
    if (d == "minus128") file.tensors["head.weight"][0][0] = -128;
    if (d == "shift") file.tensors["blocks.0.residual1.shift"] = torch::tensor({int64_t{70}});
    if (d == "extra") file.tensors["blocks.9.x"] = torch::zeros({1});
    if (d == "shape") file.tensors["token_offset"] = file.tensors["token_offset"].narrow(0, 0, 3).contiguous();
    if (d == "format") file.metadata["format"] = "something else";
    writeSafetensors(path, file);
    auto loaded = makeIntegerModel(*fp.model, "tiny");
    try {
      readIntegerModel(path, *loaded);
      QFAIL("a damaged integer model was accepted");
    } catch (const vq::Error& e) {
      const std::string what = e.what();
      QVERIFY2(what.find(path) == 0 && what.find(message.toStdString()) != std::string::npos, e.what());
    }
  }

  void refusesOtherFamilies() {
    auto cfg = defaultConfig("mobilevit_xxs");
    cfg.numClasses = 10;
    const auto mobile = createModel(cfg, "tiny");
    QVERIFY_THROWS_EXCEPTION(vq::Error, makeIntegerModel(*mobile, "tiny"));
  }
};

QTEST_APPLESS_MAIN(TestIntegerModels)
#include "tst_integer_models.moc"
