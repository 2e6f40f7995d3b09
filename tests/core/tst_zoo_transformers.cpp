// The ViT/DeiT and Swin zoo entries: standard timm names build with timm's parameter counts,
// model_args override them, every registered site is visited by a forward, site names follow
// docs/design/architecture.md §2, and a site hook can replace a tensor (the mechanism quantizers use).
// Numerical parity with timm is tst_parity's job.
#include "core/model/config.h"
#include "core/model/zoo.h"
#include "site_hooks.h"
#include "core/util/error.h"

#include <QtTest/QtTest>
#include <torch/torch.h>

namespace {

class ZeroingHook : public vq::SiteHook {
public:
  explicit ZeroingHook(std::string name) : name_(std::move(name)) {}
  torch::Tensor onSite(const vq::SiteInfo& site, const torch::Tensor& x) override {
    return site.name == name_ ? torch::zeros_like(x) : x;
  }

private:
  std::string name_;
};

int64_t paramCount(const vq::VisionModel& m) {
  int64_t n = 0;
  for (const auto& p : m.parameters()) n += p.numel();
  return n;
}

}  // namespace

class TestZooTransformers : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void initTestCase() { torch::set_num_threads(2); }

  // Exact parameter counts of timm's models (num_classes 1000) at their default sizes.
  void timmParameterCounts_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<qint64>("params");
    QTest::newRow("deit_tiny_patch16_224") << "deit_tiny_patch16_224" << qint64(5717416);
    QTest::newRow("deit_small_patch16_224") << "deit_small_patch16_224" << qint64(22050664);
    QTest::newRow("deit_tiny_distilled_patch16_224") << "deit_tiny_distilled_patch16_224" << qint64(5910800);
    QTest::newRow("swin_tiny_patch4_window7_224") << "swin_tiny_patch4_window7_224" << qint64(28288354);
  }

  void timmParameterCounts() {
    QFETCH(QString, name);
    QFETCH(qint64, params);
    auto loaded = vq::loadModel("arch:" + name.toStdString());
    QCOMPARE(paramCount(*loaded.model), params);
  }

  void sitesAndForward_data() {
    QTest::addColumn<QString>("arch");
    QTest::addColumn<QString>("args");
    QTest::addColumn<int>("size");
    QTest::newRow("deit") << "deit_tiny_patch16_224" << R"({"img_size":32,"patch_size":8,"depth":2})" << 32;
    QTest::newRow("deit distilled") << "deit_small_distilled_patch16_224" << R"({"img_size":32,"patch_size":16,"depth":1})" << 32;
    QTest::newRow("vit avg pool") << "vit_small_patch16_224" << R"({"img_size":32,"class_token":false,"global_pool":"avg","depth":1})" << 32;
    QTest::newRow("vit reg tokens") << "vit_base_patch16_224" << R"({"img_size":32,"embed_dim":64,"num_heads":4,"reg_tokens":4,"depth":1,"init_values":0.1})" << 32;
    QTest::newRow("swin") << "swin_tiny_patch4_window7_224" << R"({"img_size":56,"embed_dim":24,"depths":[2,2],"num_heads":[1,2]})" << 56;
    QTest::newRow("swin padded windows") << "swin_tiny_patch4_window7_224" << R"({"img_size":64,"embed_dim":16,"depths":[2,2,2],"num_heads":[1,1,2],"window_size":5})" << 64;
  }

  void sitesAndForward() {
    QFETCH(QString, arch);
    QFETCH(QString, args);
    QFETCH(int, size);
    auto cfg = vq::defaultConfig(arch.toStdString());
    cfg.modelArgs = nlohmann::json::parse(args.toStdString());
    cfg.numClasses = 7;
    auto model = vq::createModel(cfg, "test");
    CountingHook hook(model->sites().sites().size());
    torch::NoGradGuard noGrad;
    torch::Tensor logits;
    {
      vq::ScopedSiteHook scoped(model->sites(), &hook);
      logits = model->forward(torch::randn({2, 3, size, size}));
    }
    QCOMPARE(logits.sizes().vec(), (std::vector<int64_t>{2, 7}));
    QVERIFY(torch::isfinite(logits).all().item<bool>());
    for (const auto& site : model->sites().sites()) QVERIFY2(hook.visits[site.id] >= 1, site.name.c_str());
    QVERIFY(model->sites().hook() == nullptr);  // the scoped hook was removed
  }

  void siteNamesFollowTheDesign() {
    auto model = vq::loadModel("arch:deit_tiny_patch16_224").model;
    for (const char* name : {"blocks.3.attn.qkv.weight", "blocks.3.attn.qkv.input", "blocks.3.attn.softmax.output",
                             "blocks.3.norm2.output", "blocks.3.mlp.act.output", "blocks.3.attn.q", "blocks.3.attn.k",
                             "blocks.3.attn.v", "patch_embed.proj.weight", "head.input"})
      QVERIFY2(model->sites().find(name), name);
    const auto* softmax = model->sites().find("blocks.0.attn.softmax.output");
    QCOMPARE(softmax->kind, vq::SiteKind::SoftmaxOutput);
    QCOMPARE(softmax->heads, 3);
    auto swin = vq::loadModel("arch:swin_tiny_patch4_window7_224").model;
    for (const char* name : {"layers.1.downsample.reduction.weight", "layers.2.blocks.5.attn.softmax.output", "head.fc.weight"})
      QVERIFY2(swin->sites().find(name), name);
  }

  // Replacing a site's tensor changes the output; the attention probabilities can be captured.
  void hookReplacesTensors() {
    auto cfg = vq::defaultConfig("deit_tiny_patch16_224");
    cfg.modelArgs = {{"img_size", 32}, {"patch_size", 8}, {"depth", 2}};
    auto model = vq::createModel(cfg, "test");
    torch::NoGradGuard noGrad;
    const auto x = torch::randn({1, 3, 32, 32});
    const auto reference = model->forward(x);
    ZeroingHook zero("blocks.1.mlp.fc2.weight");
    vq::ScopedSiteHook scoped(model->sites(), &zero);
    QVERIFY(!model->forward(x).equal(reference));
  }

  void badModelArgs_data() {
    QTest::addColumn<QString>("arch");
    QTest::addColumn<QString>("args");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("unknown key") << "deit_tiny_patch16_224" << R"({"dept":3})" << "dept";
    QTest::newRow("img not multiple of patch") << "deit_tiny_patch16_224" << R"({"img_size":30})" << "img_size";
    QTest::newRow("token pool without token") << "vit_small_patch16_224" << R"({"class_token":false})" << "global_pool";
    QTest::newRow("swin heads per stage") << "swin_tiny_patch4_window7_224" << R"({"num_heads":[1,2]})" << "num_heads";
    QTest::newRow("swin bad pool") << "swin_tiny_patch4_window7_224" << R"({"global_pool":"token"})" << "global_pool";
    QTest::newRow("swin heads do not divide") << "swin_tiny_patch4_window7_224" << R"({"embed_dim":10})" << "num_heads";
  }

  void badModelArgs() {
    QFETCH(QString, arch);
    QFETCH(QString, args);
    QFETCH(QString, mentions);
    auto cfg = vq::defaultConfig(arch.toStdString());
    cfg.modelArgs = nlohmann::json::parse(args.toStdString());
    try {
      vq::createModel(cfg, "cfg.json");
      QFAIL("bad model_args were accepted");
    } catch (const vq::Error& e) {
      QVERIFY2(QString(e.what()).startsWith("cfg.json: ") && QString(e.what()).contains(mentions), e.what());
    }
  }

  // Class names: in pretrained_cfg (timm's hub configs) or beside it (timm's save_for_hf), checked against num_classes.
  void labelNamesFromEitherPlace() {
    const auto inCfg = vq::parseModelConfig(
        nlohmann::json::parse(R"({"architecture":"deit_tiny_patch16_224","num_classes":2,"pretrained_cfg":{"label_names":["cat","dog"]}})"), "a.json");
    QCOMPARE(inCfg.pretrained.labelNames, (std::vector<std::string>{"cat", "dog"}));
    const auto beside = vq::parseModelConfig(
        nlohmann::json::parse(R"({"architecture":"deit_tiny_patch16_224","num_classes":2,"label_names":["cat","dog"],"pretrained_cfg":{}})"), "b.json");
    QCOMPARE(beside.pretrained.labelNames, (std::vector<std::string>{"cat", "dog"}));
    QVERIFY(!beside.extra.contains("label_names"));
    try {
      vq::parseModelConfig(nlohmann::json::parse(R"({"architecture":"deit_tiny_patch16_224","num_classes":3,"label_names":["cat","dog"]})"), "c.json");
      QFAIL("two names for three classes were accepted");
    } catch (const vq::Error& e) {
      QVERIFY2(QString(e.what()).startsWith("c.json: label_names has 2 names for 3 classes"), e.what());
    }
  }
};

QTEST_APPLESS_MAIN(TestZooTransformers)
#include "tst_zoo_transformers.moc"
