// The MobileViT v1/v2 zoo entries: every timm size builds from its name, has timm's parameter count,
// runs a forward of the right shape, visits every site it registers, and lists its reconstruction units.
// Numerical parity with timm is tst_parity's job (golden fixtures for mobilevit_xxs and mobilevitv2_050).
#include "core/model/summary.h"
#include "core/model/zoo.h"
#include "site_hooks.h"
#include "core/util/error.h"

#include <QtTest/QtTest>
#include <torch/torch.h>

#include <cmath>
#include <set>

namespace {

vq::ModelConfig configFor(const std::string& architecture, const nlohmann::json& modelArgs) {
  auto cfg = vq::defaultConfig(architecture);
  cfg.modelArgs = modelArgs;
  return cfg;
}

}  // namespace

class TestZooMobileVit : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void initTestCase() { torch::set_num_threads(2); }

  void sizes_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("family");
    QTest::addColumn<double>("paramsM");  // timm model card "Params (M)", rounded to 0.1 M
    QTest::addColumn<int>("features");    // channels of forward_features
    QTest::addColumn<int>("mv2Blocks");
    QTest::addColumn<double>("cropPct");
    QTest::newRow("mobilevit_xxs") << "mobilevit_xxs" << "mobilevit" << 1.3 << 320 << 7 << 0.9;
    QTest::newRow("mobilevit_xs") << "mobilevit_xs" << "mobilevit" << 2.3 << 384 << 7 << 0.9;
    QTest::newRow("mobilevit_s") << "mobilevit_s" << "mobilevit" << 5.6 << 640 << 7 << 0.9;
    QTest::newRow("mobilevitv2_050") << "mobilevitv2_050" << "mobilevitv2" << 1.4 << 256 << 6 << 0.888;
    QTest::newRow("mobilevitv2_075") << "mobilevitv2_075" << "mobilevitv2" << 2.9 << 384 << 6 << 0.888;
    QTest::newRow("mobilevitv2_100") << "mobilevitv2_100" << "mobilevitv2" << 4.9 << 512 << 6 << 0.888;
    QTest::newRow("mobilevitv2_125") << "mobilevitv2_125" << "mobilevitv2" << 7.5 << 640 << 6 << 0.888;
    QTest::newRow("mobilevitv2_150") << "mobilevitv2_150" << "mobilevitv2" << 10.6 << 768 << 6 << 0.888;
    QTest::newRow("mobilevitv2_175") << "mobilevitv2_175" << "mobilevitv2" << 14.3 << 896 << 6 << 0.888;
    QTest::newRow("mobilevitv2_200") << "mobilevitv2_200" << "mobilevitv2" << 18.4 << 1024 << 6 << 0.888;
  }

  void sizes() {
    QFETCH(QString, name);
    QFETCH(QString, family);
    QFETCH(double, paramsM);
    QFETCH(int, features);
    QFETCH(int, mv2Blocks);
    QFETCH(double, cropPct);
    torch::manual_seed(0);
    auto loaded = vq::loadModel("arch:" + name.toStdString());
    auto& model = *loaded.model;
    QCOMPARE(QString::fromStdString(model.family()), family);
    QCOMPARE(loaded.config.pretrained.inputSize, (std::vector<int64_t>{3, 256, 256}));
    QCOMPARE(loaded.config.pretrained.mean, (std::vector<double>{0.0, 0.0, 0.0}));
    QCOMPARE(loaded.config.pretrained.std, (std::vector<double>{1.0, 1.0, 1.0}));
    QCOMPARE(loaded.config.pretrained.cropPct, cropPct);
    QCOMPARE(model.inputMinSide, int64_t{1});
    const double params = static_cast<double>(vq::parameterCount(model)) / 1e6;
    QVERIFY2(std::abs(params - paramsM) <= 0.05, qPrintable(QString("%1 M parameters").arg(params)));

    CountingHook hook(model.sites().sites().size());
    torch::Tensor featuresOut, logits;
    {
      vq::ScopedSiteHook scoped(model.sites(), &hook);
      torch::NoGradGuard noGrad;
      featuresOut = model.forwardFeatures(torch::randn({1, 3, 64, 64}));
      logits = model.forwardHead(featuresOut);
    }
    QCOMPARE(featuresOut.sizes().vec(), (std::vector<int64_t>{1, features, 2, 2}));
    QCOMPARE(logits.sizes().vec(), (std::vector<int64_t>{1, 1000}));
    QVERIFY(torch::isfinite(logits).all().item<bool>());
    for (const auto& site : model.sites().sites())
      QVERIFY2(hook.visits[static_cast<size_t>(site.id)] > 0, qPrintable(QString::fromStdString(site.name + " never visited")));

    // Units in forward order: stem, inverted residuals and three MobileViT blocks, [final_conv], head.
    const auto units = model.units();
    QVERIFY(!units.empty());
    QCOMPARE(QString::fromStdString(units.front().path), QString("stem"));
    QCOMPARE(QString::fromStdString(units.back().path), QString("head"));
    int mv2 = 0, mvit = 0;
    std::set<std::string> paths;
    for (const auto& u : units) {
      mv2 += u.kind == "mv2_block";
      mvit += u.kind == "mobilevit_block";
      QVERIFY2(paths.insert(u.path).second, qPrintable(QString::fromStdString("duplicate unit " + u.path)));
      bool owned = false;
      for (const auto& p : model.named_parameters(true)) owned = owned || p.key().rfind(u.path + ".", 0) == 0;
      QVERIFY2(owned, qPrintable(QString::fromStdString("unit " + u.path + " owns no parameters")));
    }
    QCOMPARE(mv2, mv2Blocks);
    QCOMPARE(mvit, 3);
    QCOMPARE(QString::fromStdString(units[units.size() - 2].path), QString(family == "mobilevit" ? "final_conv" : "stages.4.1"));
  }

  // A stride-32 map of odd size: timm resizes it to a multiple of the patch size inside the MobileViT
  // block (v1 resizes back, v2 keeps the larger map).
  void oddFeatureMap_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("side");
    QTest::newRow("mobilevit_xxs") << "mobilevit_xxs" << 3;
    QTest::newRow("mobilevitv2_050") << "mobilevitv2_050" << 4;
  }

  void oddFeatureMap() {
    QFETCH(QString, name);
    QFETCH(int, side);
    torch::manual_seed(1);
    auto loaded = vq::loadModel("arch:" + name.toStdString());
    torch::NoGradGuard noGrad;
    const auto features = loaded.model->forwardFeatures(torch::randn({2, 3, 96, 96}));
    QCOMPARE(features.size(2), int64_t{side});
    QCOMPARE(features.size(3), int64_t{side});
    const auto logits = loaded.model->forwardHead(features);
    QCOMPARE(logits.sizes().vec(), (std::vector<int64_t>{2, 1000}));
    QVERIFY(torch::isfinite(logits).all().item<bool>());
  }

  void names() {
    QVERIFY(vq::isKnownArchitecture("mobilevit_xxs"));
    QVERIFY(vq::isKnownArchitecture("mobilevit_s.cvnets_in1k"));
    QVERIFY(vq::isKnownArchitecture("mobilevitv2_100"));
    QVERIFY(vq::isKnownArchitecture("mobilevitv2_175.cvnets_in22k_ft_in1k_384"));
    QVERIFY(vq::isKnownArchitecture("mobilevitv2_200_384_in22ft1k"));  // timm's deprecated alias
    QVERIFY(!vq::isKnownArchitecture("mobilevit_xxxs"));
    QVERIFY(!vq::isKnownArchitecture("mobilevitv2_060"));
    QVERIFY(!vq::isKnownArchitecture("mobilevitv2_050_384_in22ft1k"));
    QVERIFY(!vq::isKnownArchitecture("semobilevit_s"));
    const auto big = vq::defaultConfig("mobilevitv2_150.cvnets_in22k_ft_in1k_384").pretrained;
    QCOMPARE(big.inputSize, (std::vector<int64_t>{3, 384, 384}));
    QCOMPARE(big.cropPct, 1.0);
    QCOMPARE(vq::defaultConfig("mobilevitv2_150_in22ft1k").pretrained.cropPct, 0.888);
  }

  void modelArgs() {
    torch::NoGradGuard noGrad;
    auto gray = vq::createModel(configFor("mobilevit_xxs", {{"in_chans", 1}, {"global_pool", "catavgmax"}}), "test");
    QCOMPARE(gray->inputChannels, int64_t{1});
    QCOMPARE(gray->forward(torch::randn({1, 1, 32, 32})).sizes().vec(), (std::vector<int64_t>{1, 1000}));
    const auto parameters = gray->named_parameters(true);
    const auto* fc = parameters.find("head.fc.weight");
    QVERIFY(fc);
    QCOMPARE(fc->size(1), int64_t{640});  // catavgmax doubles the pooled width (320)
    QVERIFY_THROWS_EXCEPTION(vq::Error, vq::createModel(configFor("mobilevitv2_050", {{"patch_size", 4}}), "test"));
    QVERIFY_THROWS_EXCEPTION(vq::Error, vq::createModel(configFor("mobilevitv2_050", {{"global_pool", "token"}}), "test"));
    QVERIFY_THROWS_EXCEPTION(vq::Error, vq::createModel(configFor("mobilevit_s", {{"in_chans", 0}}), "test"));
  }

  void siteNames() {
    auto v1 = vq::loadModel("arch:mobilevit_xxs").model;
    auto v2 = vq::loadModel("arch:mobilevitv2_050").model;
    const auto kindOf = [](const vq::VisionModel& m, const std::string& name) {
      const auto* s = m.sites().find(name);
      return s ? QString(vq::siteKindName(s->kind)) : QString("missing");
    };
    QCOMPARE(kindOf(*v1, "stem.bn.act.output"), QString(vq::siteKindName(vq::SiteKind::ActOutput)));
    QCOMPARE(kindOf(*v1, "stages.2.1.conv_1x1.weight"), QString(vq::siteKindName(vq::SiteKind::Weight)));
    QCOMPARE(kindOf(*v1, "stages.2.1.transformer.0.attn.softmax.output"), QString(vq::siteKindName(vq::SiteKind::SoftmaxOutput)));
    QCOMPARE(kindOf(*v1, "stages.4.1.conv_fusion.conv.input"), QString(vq::siteKindName(vq::SiteKind::LinearInput)));
    QCOMPARE(kindOf(*v2, "stages.2.1.transformer.0.attn.softmax.output"), QString(vq::siteKindName(vq::SiteKind::SoftmaxOutput)));
    QCOMPARE(kindOf(*v2, "stages.2.1.transformer.0.attn.k"), QString(vq::siteKindName(vq::SiteKind::MatmulOperand)));
    QCOMPARE(kindOf(*v2, "stages.2.1.transformer.0.norm1.output"), QString(vq::siteKindName(vq::SiteKind::NormOutput)));
    QCOMPARE(kindOf(*v2, "stages.3.1.transformer.3.mlp.act.output"), QString(vq::siteKindName(vq::SiteKind::ActOutput)));
    QCOMPARE(kindOf(*v2, "stages.4.1.conv_proj.bn.act.output"), QString("missing"));  // conv_proj has no act in v2
  }
};

QTEST_APPLESS_MAIN(TestZooMobileVit)
#include "tst_zoo_mobilevit.moc"
