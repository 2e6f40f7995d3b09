// I&S-ViT's stage 2 is lossless: with post-LayerNorm inputs quantized per channel before and per tensor
// after the fold, the model's outputs agree (max relative difference <= 1e-5), on DeiT and Swin blocks.
// The check runs the model in double precision, as methods.md §1.9 asks for this stage: in float32 an
// element lying within rounding noise of a code boundary may land on the neighbouring code after the fold
// (about one element in 10^5), which is float arithmetic, not the algebra under test.
#include "core/model/zoo.h"
#include "core/quant/calibrate.h"
#include "core/quant/reparameterize.h"

#include <QtTest/QtTest>
#include <torch/torch.h>

class TestReparameterize : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void lossless_data() {
    QTest::addColumn<QString>("arch");
    QTest::addColumn<QString>("args");
    QTest::addColumn<int>("bits");
    QTest::newRow("deit-a4") << "deit_tiny_patch16_224" << R"({"img_size":32,"patch_size":8,"embed_dim":48,"depth":2,"num_heads":2})" << 4;
    QTest::newRow("deit-a3") << "deit_tiny_patch16_224" << R"({"img_size":32,"patch_size":8,"embed_dim":48,"depth":2,"num_heads":2})" << 3;
    QTest::newRow("swin-a4") << "swin_tiny_patch4_window7_224"
                             << R"({"img_size":32,"patch_size":4,"embed_dim":32,"depths":[2,2],"num_heads":[2,4],"window_size":4})" << 4;
  }

  void lossless() {
    QFETCH(QString, arch);
    QFETCH(QString, args);
    QFETCH(int, bits);
    auto cfg = vq::defaultConfig(arch.toStdString());
    cfg.modelArgs = nlohmann::json::parse(args.toStdString());
    cfg.numClasses = 10;
    cfg.pretrained.inputSize = {3, 32, 32};
    torch::manual_seed(0);
    vq::LoadedModel fp{cfg, vq::createModel(cfg, "tiny"), "tiny", "", nullptr};
    fp.model->eval();
    fp.model->to(torch::kFloat64);
    // LayerNorm affines of a trained model are not all ones: make the fold non-trivial.
    {
      torch::NoGradGuard noGrad;
      for (auto& p : fp.model->named_parameters(true))
        if (p.key().find("norm") != std::string::npos) p.value().add_(torch::randn_like(p.value()) * 0.3);
    }

    auto qm = vq::makeQuantizedModel(fp);
    qm.model().to(torch::kFloat64);
    const auto pairs = vq::normLinearPairs(*fp.model);
    QCOMPARE(pairs.size(), size_t(arch.startsWith("deit") ? 4 : 8));
    std::vector<vq::SitePlan> plan;
    for (auto p : vq::basicPlan(*fp.model, 8, bits, vq::RangeMethod::MinMax, vq::RangeMethod::Percentile)) {
      if (fp.model->sites().sites()[static_cast<size_t>(p.site)].kind == vq::SiteKind::Weight) continue;  // stage 2 happens with float weights
      for (const auto& pair : pairs)
        if (pair.inputSite == p.site) p.spec.granularity = vq::Granularity::PerChannel, p.spec.axis = -1;
      plan.push_back(p);
    }
    torch::manual_seed(1);
    const auto images = torch::randn({32, 3, 32, 32}, torch::kFloat64);
    vq::calibrate(qm, plan, images, {});
    torch::NoGradGuard noGrad;
    const auto before = qm.model().forward(images);

    const auto changed = vq::reparameterizeNormLinear(qm);
    QCOMPARE(changed.size(), pairs.size());
    for (const auto& pair : pairs)
      QCOMPARE(qm.quantizers->get(pair.inputSite)->spec().granularity, vq::Granularity::PerTensor);
    const auto after = qm.model().forward(images);
    const double rel = ((after - before).abs().max() / before.abs().max()).item<double>();
    qm.quantizers->enabled = false;
    const double floatRel = ((qm.model().forward(images) - fp.model->forward(images)).abs().max() / before.abs().max()).item<double>();
    QVERIFY2(floatRel <= 1e-5, qPrintable(QString::number(floatRel)));
    QVERIFY2(rel <= 1e-5, qPrintable(QString::number(rel)));
  }
};

QTEST_GUILESS_MAIN(TestReparameterize)
#include "tst_reparameterize.moc"
