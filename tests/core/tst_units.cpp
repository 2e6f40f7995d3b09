// Reconstruction units on every family: a unit run on its own (forwardUnit) reproduces what it computed
// inside the full forward pass, chained units really take their predecessor's output, and an observer
// sees the units in forward order.
#include "core/model/zoo.h"

#include <QtTest/QtTest>
#include <torch/torch.h>

namespace {

vq::ModelConfig configFor(const std::string& arch, const nlohmann::json& args) {
  auto cfg = vq::defaultConfig(arch);
  cfg.modelArgs = args;
  cfg.numClasses = 10;
  return cfg;
}

struct Recorder : vq::UnitObserver {
  std::vector<size_t> order;
  std::vector<torch::Tensor> inputs, outputs;
  void beforeUnit(size_t index, const torch::Tensor& x) override {
    order.push_back(index);
    inputs.push_back(x.clone());
  }
  void afterUnit(size_t, const torch::Tensor& y) override { outputs.push_back(y.clone()); }
};

}  // namespace

class TestUnits : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void unitsRunAlone_data() {
    QTest::addColumn<QString>("arch");
    QTest::addColumn<QString>("args");
    QTest::addColumn<int>("side");
    QTest::newRow("deit") << "deit_tiny_patch16_224" << R"({"img_size":32,"patch_size":8,"embed_dim":48,"depth":2,"num_heads":2})" << 32;
    QTest::newRow("deit-distilled") << "deit_tiny_distilled_patch16_224"
                                    << R"({"img_size":32,"patch_size":8,"embed_dim":48,"depth":2,"num_heads":2})" << 32;
    QTest::newRow("swin") << "swin_tiny_patch4_window7_224"
                          << R"({"img_size":28,"patch_size":2,"embed_dim":24,"depths":[2,2],"num_heads":[2,4]})" << 28;
    QTest::newRow("mobilevit") << "mobilevit_xxs" << "{}" << 32;
    QTest::newRow("mobilevitv2") << "mobilevitv2_050" << "{}" << 32;
  }

  void unitsRunAlone() {
    QFETCH(QString, arch);
    QFETCH(QString, args);
    QFETCH(int, side);
    torch::manual_seed(0);
    auto model = vq::createModel(configFor(arch.toStdString(), nlohmann::json::parse(args.toStdString())), "test");
    model->eval();
    torch::NoGradGuard noGrad;
    Recorder rec;
    model->setUnitObserver(&rec);
    const auto logits = model->forward(torch::randn({2, 3, side, side}));
    model->setUnitObserver(nullptr);

    const auto& units = model->units();
    QCOMPARE(rec.order.size(), units.size());
    for (size_t i = 0; i < units.size(); ++i) {
      QCOMPARE(rec.order[i], i);
      const auto alone = model->forwardUnit(i, rec.inputs[i]);
      QVERIFY2(torch::equal(alone, rec.outputs[i]), units[i].path.c_str());
      if (units[i].chained) QVERIFY2(torch::equal(rec.inputs[i], rec.outputs[i - 1]), units[i].path.c_str());
    }
    QVERIFY(!units.front().chained);
    // The last unit is a classifier: its output is the logits (averaged with head_dist for distilled DeiT).
    if (arch.contains("distilled"))
      QVERIFY(torch::allclose(logits, (rec.outputs[units.size() - 2] + rec.outputs.back()) / 2));
    else
      QVERIFY(torch::equal(logits, rec.outputs.back()));
  }
};

QTEST_GUILESS_MAIN(TestUnits)
#include "tst_units.moc"
