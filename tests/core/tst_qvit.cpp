// Q-ViT's pieces: the IRM (an exact fit where one exists, better than the identity start otherwise,
// the query's 1/√d kept through it, the calibration reading starting as the identity on every attention
// shape, saved and read back, broken entries refused), DGD's similarity distance (hand-computed values, scale
// invariance), the code entropy of the attention analysis (exact bits), and the method on real data:
// a short QAT run beats its calibrated start, keeps the patch embedding and classifier at 8 bits, puts
// an IRM on every q and k, trains a distilled DeiT's two heads, and reopens from disk unchanged.
#include "core/analysis/attention_entropy.h"
#include "core/data/dataset.h"
#include "core/eval/evaluate.h"
#include "core/methods/method.h"
#include "core/methods/qvit_training.h"
#include "core/quant/irm_quantizer.h"
#include "core/quant/quant_json.h"
#include "core/util/error.h"

#include <QtTest/QtTest>

#include <cmath>
#include <filesystem>
#include <set>

namespace fs = std::filesystem;

namespace {

vq::MethodOutcome runQvit(const vq::LoadedModel& fp, int bits, std::map<std::string, std::string> given) {
  static const auto calib = [] {
    const auto data = vq::openDataset("fashion-mnist:train");
    return data->batch(0, 64, vq::loadModel("builtin:deit-fashion").config.pretrained).images;
  }();
  given.emplace("train_images", "512");
  given.emplace("val_images", "500");
  given.emplace("batch", "32");
  given.emplace("init_images", "64");
  given.emplace("lr", "5e-4");
  vq::MethodOptions options(std::move(given), "qvit");
  vq::MethodContext ctx{fp, calib, bits, bits, 0, options, {}, {}, "fashion-mnist:train", ""};
  auto out = vq::methodByName("qvit").run(ctx);
  out.model.info = {"qvit", bits, bits, options.resolved(), {}};
  return out;
}

double top1(vq::VisionModel& model, const vq::PretrainedCfg& cfg) {
  static const auto test = vq::openDataset("fashion-mnist");
  vq::EvalOptions eo;
  eo.limit = 1000;
  return vq::evaluate(model, cfg, *test, eo).top1;
}

// A row of `d` values with mean 0 and variance 1.
torch::Tensor standardRows(int64_t rows, int64_t d) {
  torch::manual_seed(3);
  return torch::layer_norm(torch::randn({rows, d}), {d}, {}, {}, 0.0);
}

}  // namespace

class TestQvit : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void irmFitIsExactWhenTokensShareTheirStatistics() {
    // Every row is m + s·z with z standardised: the per-token standardisation gives z back, and the
    // least-squares affine must be γ = s, β = m in every channel.
    const auto x = standardRows(400, 16) * 2.5 + 0.75;
    const auto p = vq::fitIrm(x, {vq::IrmStatistics::Token, 1.0, 0.0});
    QVERIFY(torch::allclose(p.gamma, torch::full({16}, 2.5), 1e-4, 1e-4));
    QVERIFY(torch::allclose(p.beta, torch::full({16}, 0.75), 1e-4, 1e-4));
    QVERIFY((vq::rectify(x, p) - x).abs().max().item<double>() < 1e-4);
  }

  void irmFitBeatsTheIdentityStart() {
    torch::manual_seed(5);
    const auto x = torch::randn({300, 8}) * torch::linspace(0.1, 3.0, 8) + torch::linspace(-1.0, 1.0, 8);
    const auto fit = vq::fitIrm(x), identity = vq::identityIrm(x);
    const double fitErr = (vq::rectify(x, fit) - x).pow(2).mean().item<double>();
    const double idErr = (vq::rectify(x, identity) - x).pow(2).mean().item<double>();
    QVERIFY2(fitErr < 0.75 * idErr, qPrintable(QString("fit %1 identity %2").arg(fitErr).arg(idErr)));
    // The identity start is a plain standardisation: every row has mean 0 and variance 1.
    const auto z = vq::rectify(x, identity);
    QVERIFY(z.mean(-1).abs().max().item<double>() < 1e-5);
    QVERIFY((z.var(-1, false) - 1).abs().max().item<double>() < 1e-3);
  }

  void irmKeepsTheQueryScale() {
    // The model hands IRM q·(1/√d). LayerNorm would cancel that factor and make the logits √d too large;
    // the module rectifies q itself and multiplies by 1/√d afterwards, as the released code scales after it.
    torch::manual_seed(7);
    const int64_t d = 16;
    const double s = 1.0 / std::sqrt(static_cast<double>(d));
    const auto q = torch::randn({2, 3, 10, d}) * 2.0 + 0.5;
    const auto samples = (q * s).movedim(1, 0).reshape({3, -1, d});
    const auto identity = vq::identityIrm(samples, {vq::IrmStatistics::Token, s});
    const auto out = vq::rectify(q * s, identity);
    QVERIFY(torch::allclose(out, torch::layer_norm(q, {d}, {}, {}, 1e-5) * s, 1e-5, 1e-6));
    QCOMPARE_LE(std::abs(out.std(-1, false).mean().item<double>() - s), 1e-3);
    // The fitted start reproduces q·(1/√d) as closely as before: it does not scale twice.
    const auto fit = vq::fitIrm(samples, {vq::IrmStatistics::Token, s});
    const auto fitError = (vq::rectify(q * s, fit) - q * s).pow(2).mean().item<double>();
    QVERIFY2(fitError < 0.1 * (q * s).pow(2).mean().item<double>(), qPrintable(QString::number(fitError)));
  }

  void calibrationIrmStartsAsTheIdentity() {
    torch::manual_seed(11);
    const int64_t heads = 3, d = 8;
    const double s = 1.0 / std::sqrt(static_cast<double>(d));
    // Per head and channel a different mean and spread, as q has after a trained projection.
    const auto spread = torch::linspace(0.2, 4.0, heads * d).reshape({heads, 1, d});
    const auto offset = torch::linspace(-3.0, 3.0, heads * d).reshape({heads, 1, d});
    const auto samples = torch::randn({heads, 200, d}) * spread + offset;
    const auto p = vq::fitIrm(samples, {vq::IrmStatistics::Calibration, s});
    QCOMPARE(p.gamma.sizes().vec(), (std::vector<int64_t>{heads, 1, d}));
    QCOMPARE(p.mean.sizes().vec(), (std::vector<int64_t>{heads, 1, d}));
    QVERIFY(torch::allclose(p.mean * s, samples.mean(1, true), 1e-4, 1e-5));
    // The identity on the samples and on live tensors of both attention layouts, whatever their values:
    // ViT [B, H, N, d] and Swin's windows [B, W, H, N, d].
    QVERIFY(torch::allclose(vq::rectify(samples, p), samples, 1e-4, 1e-5));
    const auto vit = torch::randn({2, heads, 5, d}) * 3.0;
    QVERIFY(torch::allclose(vq::rectify(vit, p), vit, 1e-4, 1e-5));
    const auto swin = torch::randn({2, 4, heads, 5, d});
    QVERIFY(torch::allclose(vq::rectify(swin, p), swin, 1e-4, 1e-5));
    // γ = 1, β = 0 is the plain standardisation by the calibration statistics: mean 0, variance 1 per channel.
    const auto z = vq::rectify(samples, vq::identityIrm(samples, {vq::IrmStatistics::Calibration, s})) / s;
    QVERIFY(z.mean(1).abs().max().item<double>() < 1e-4);
    QVERIFY((z.var(1, false) - 1).abs().max().item<double>() < 1e-3);
  }

  void calibrationIrmRoundTripsAndOldFilesReadAsBefore() {
    torch::manual_seed(13);
    const auto samples = torch::randn({2, 50, 4}) * 3.0 + 1.0;
    vq::QuantParams qp;
    qp.spec = {vq::QuantScheme::UniformAsymmetric, 4, vq::Granularity::PerChannel, 1};
    qp.scale = torch::tensor({0.2f, 0.3f}).reshape({1, 2, 1, 1});
    qp.zeroPoint = torch::tensor({7.0f, 8.0f}).reshape({1, 2, 1, 1});
    vq::IrmQuantizer q(vq::fitIrm(samples, {vq::IrmStatistics::Calibration, 0.5}), std::make_shared<vq::StaticQuantizer>(qp));
    const auto live = torch::randn({3, 2, 6, 4});
    const auto back = vq::quantizerFromJson(q.toJson(), "quant.json", "blocks.0.attn.q");
    QVERIFY(torch::equal(back->apply(live), q.apply(live)));
    for (const auto& [field, value] : std::vector<std::pair<std::string, nlohmann::json>>{
             {"std", std::vector<double>(8, 0.0)}, {"shape", {2, 4}}, {"shape", {2, 2, 4}}, {"post_scale", 0}, {"statistics", "head"}}) {
      auto broken = q.toJson();
      broken[field] = value;
      QVERIFY_THROWS_EXCEPTION(vq::Error, vq::quantizerFromJson(broken, "quant.json", "blocks.0.attn.q"));
    }
    auto noStatistics = q.toJson();
    noStatistics.erase("mean");
    QVERIFY_THROWS_EXCEPTION(vq::Error, vq::quantizerFromJson(noStatistics, "quant.json", "blocks.0.attn.q"));

    // A file written before statistics, shape and post_scale existed: per-token LayerNorm, nothing re-applied.
    vq::IrmQuantizer token(vq::fitIrm(samples), std::make_shared<vq::StaticQuantizer>(qp));
    auto old = token.toJson();
    for (const char* added : {"statistics", "shape", "post_scale"}) old.erase(added);
    const auto oldBack = vq::quantizerFromJson(old, "quant.json", "blocks.0.attn.q");
    QVERIFY(torch::equal(oldBack->apply(live), token.apply(live)));
  }

  void irmQuantizerRoundTripsThroughJson() {
    const auto rows = standardRows(64, 4).reshape({2, 2, 16, 4}) * 1.5;
    vq::QuantParams qp;
    qp.spec = {vq::QuantScheme::UniformAsymmetric, 4, vq::Granularity::PerChannel, 1};
    qp.scale = torch::tensor({0.2f, 0.3f}).reshape({1, 2, 1, 1});
    qp.zeroPoint = torch::tensor({7.0f, 8.0f}).reshape({1, 2, 1, 1});
    vq::IrmQuantizer q(vq::fitIrm(rows), std::make_shared<vq::StaticQuantizer>(qp));
    const auto back = vq::quantizerFromJson(q.toJson(), "quant.json", "blocks.0.attn.q");
    QVERIFY(dynamic_cast<vq::IrmQuantizer*>(back.get()));
    QVERIFY(torch::equal(back->apply(rows), q.apply(rows)));
    // The output is on the inner quantizer's grid: at most 16 distinct values per head.
    QVERIFY(std::get<0>(torch::_unique2(q.apply(rows).select(1, 0).flatten())).numel() <= 16);

    auto broken = q.toJson();
    broken["beta"] = {1.0};
    QVERIFY_THROWS_EXCEPTION(vq::Error, vq::quantizerFromJson(broken, "quant.json", "blocks.0.attn.q"));
    broken = q.toJson();
    broken["eps"] = -1;
    QVERIFY_THROWS_EXCEPTION(vq::Error, vq::quantizerFromJson(broken, "quant.json", "blocks.0.attn.q"));
    broken = q.toJson();
    broken["quantizer"] = q.toJson();  // an IRM inside an IRM
    try {
      vq::quantizerFromJson(broken, "some/quant.json", "blocks.0.attn.q");
      QFAIL("accepted a nested IRM");
    } catch (const vq::Error& e) {
      QVERIFY(std::string(e.what()).find("some/quant.json") != std::string::npos);
    }
  }

  void dgdDistanceOnHandComputedMatrices() {
    // Student tokens (1,0),(0,1): similarity rows are the identity. Teacher tokens both (1,0): every
    // row is (1,1)/√2. The difference has two entries 1 − 1/√2 and two −1/√2.
    const auto student = torch::tensor({1.f, 0.f, 0.f, 1.f}).reshape({1, 1, 2, 2});
    const auto teacher = torch::tensor({1.f, 0.f, 1.f, 0.f}).reshape({1, 1, 2, 2});
    const double a = 1 - 1 / std::sqrt(2.0), b = 1 / std::sqrt(2.0);
    const double squares = 2 * a * a + 2 * b * b;
    QCOMPARE_LE(std::abs(vq::dgdDistance(teacher, student, vq::DgdNorm::Frobenius).item<double>() - std::sqrt(squares)), 1e-6);
    QCOMPARE_LE(std::abs(vq::dgdDistance(teacher, student, vq::DgdNorm::Mse).item<double>() - squares / 4), 1e-6);
    // Similarity matrices do not see the scale of q; heads add up.
    torch::manual_seed(1);
    const auto q = torch::randn({3, 2, 5, 4});
    QCOMPARE_LE(vq::dgdDistance(q, q * 7.0, vq::DgdNorm::Frobenius).item<double>(), 1e-5);
    const auto other = torch::randn({3, 2, 5, 4});
    const double both = vq::dgdDistance(q, other, vq::DgdNorm::Mse).item<double>();
    const double h0 = vq::dgdDistance(q.narrow(1, 0, 1), other.narrow(1, 0, 1), vq::DgdNorm::Mse).item<double>();
    const double h1 = vq::dgdDistance(q.narrow(1, 1, 1), other.narrow(1, 1, 1), vq::DgdNorm::Mse).item<double>();
    QVERIFY(both > 0);
    QCOMPARE_LE(std::abs(both - h0 - h1), 1e-6);
  }

  void codeEntropyInBits() {
    QCOMPARE(vq::codeEntropy(torch::arange(16).repeat({5})), 4.0);
    QCOMPARE(vq::codeEntropy(torch::full({10}, 3.0)), 0.0);
    const double threeToOne = -(0.75 * std::log2(0.75) + 0.25 * std::log2(0.25));
    QCOMPARE_LE(std::abs(vq::codeEntropy(torch::tensor({1.f, 1.f, 1.f, 2.f})) - threeToOne), 1e-12);
  }

  void shortQatBeatsItsCalibratedStart() {
    const auto fp = vq::loadModel("builtin:deit-fashion");
    auto start = runQvit(fp, 3, {{"epochs", "0"}});
    auto trained = runQvit(fp, 3, {{"epochs", "1"}});
    const double before = top1(start.model.model(), fp.config.pretrained), after = top1(trained.model.model(), fp.config.pretrained);
    QVERIFY2(after > before + 0.03, qPrintable(QString("W3A3 top-1 %1 before QAT, %2 after 16 steps").arg(before).arg(after)));
    const auto& report = std::get<vq::QvitReport>(trained.report);
    QCOMPARE(report.training.epochs.size(), size_t{1});
    QVERIFY(report.training.epochs[0].dgdLoss > 0);

    // Q-ViT's layout: IRM + per-head quantizer on every q and k, 8-bit boundary layers, symmetric weights.
    const auto& model = trained.model.model();
    int irms = 0;
    for (const auto& s : model.sites().sites()) {
      const auto& q = trained.model.quantizers->get(s.id);
      if (s.role == "q" || s.role == "k") {
        auto* irm = dynamic_cast<vq::IrmQuantizer*>(q.get());
        QVERIFY2(irm, s.name.c_str());
        QCOMPARE(irm->inner()->params().scale.sizes().vec(), (std::vector<int64_t>{1, 3, 1, 1}));
        ++irms;
      }
      if (s.kind == vq::SiteKind::Weight) {
        QCOMPARE(q->spec().scheme, vq::QuantScheme::UniformSymmetric);
        QCOMPARE(q->spec().bits, s.module == "head" || s.module == "patch_embed.proj" ? 8 : 3);
      }
    }
    QCOMPARE(irms, 8);
    QCOMPARE(report.irmSites, int64_t{8});
    // Queries keep the attention's 1/√d (head_dim 96/3 = 32 here); keys have none.
    for (const auto& s : model.sites().sites())
      if (s.role == "q" || s.role == "k")
        QCOMPARE(dynamic_cast<vq::IrmQuantizer*>(trained.model.quantizers->get(s.id).get())->irm().postScale, s.role == "q" ? 1.0 / std::sqrt(32.0) : 1.0);

    // Saved and opened again: the same logits.
    const auto dir = (fs::path(QDir::tempPath().toStdString()) / "vq_qvit_saved").string();
    fs::remove_all(dir);
    vq::saveQuantizedModel(dir, trained.model);
    auto reopened = vq::openQuantizedModel(dir);
    torch::NoGradGuard noGrad;
    const auto x = torch::randn({4, 3, 28, 28});
    QVERIFY(torch::allclose(reopened.model().forward(x), trained.model.model().forward(x), 1e-5, 1e-5));
    fs::remove_all(dir);

    // The entropy analysis sees every layer and head, and no code entropy above the bit width.
    const auto images = vq::openDataset("fashion-mnist")->batch(0, 16, fp.config.pretrained).images;
    const auto profile = vq::quantizedEntropy(trained.model, images);
    QCOMPARE(profile.layers.size(), size_t{4});
    for (const auto& l : profile.layers) {
      QCOMPARE(l.q.size(), size_t{3});
      for (double h : l.q) QVERIFY(h > 0.5 && h <= 3.0 + 1e-9);
      for (double h : l.attention) QVERIFY(h > 0 && h <= std::log2(50.0) + 1e-9);
    }
    const auto maps = vq::attentionMaps(trained.model.model(), images.narrow(0, 0, 1));
    QCOMPARE(maps.layer, std::string("blocks.3.attn"));
    QCOMPARE(maps.perHead.sizes().vec(), (std::vector<int64_t>{3, 28, 28}));
    QVERIFY(maps.mean.min().item<double>() >= 0);
    QVERIFY_THROWS_EXCEPTION(vq::Error, vq::attentionMaps(trained.model.model(), images.narrow(0, 0, 1), "blocks.9.attn"));
  }

  void calibrationIrmKeepsTheStartThatTokenIrmLoses() {
    // Before training, the calibration reading is the identity in front of the same quantizers as the
    // baseline's; the per-token reading drops each token's mean and norm (DeiT W4A4 held-out: 0.902 → 0.686).
    const auto fp = vq::loadModel("builtin:deit-fashion");
    auto base = runQvit(fp, 4, {{"epochs", "0"}, {"irm", "off"}, {"dgd", "off"}});
    auto calibration = runQvit(fp, 4, {{"epochs", "0"}, {"irm_statistics", "calibration"}});
    auto token = runQvit(fp, 4, {{"epochs", "0"}});
    const double b = top1(base.model.model(), fp.config.pretrained), c = top1(calibration.model.model(), fp.config.pretrained),
                 t = top1(token.model.model(), fp.config.pretrained);
    const auto detail = qPrintable(QString("W4A4 start: no IRM %1, calibration IRM %2, token IRM %3").arg(b).arg(c).arg(t));
    QVERIFY2(std::abs(c - b) <= 0.015, detail);
    QVERIFY2(t < b - 0.05, detail);
  }

  void baselineHasNoIrmAndOptionsAreChecked() {
    const auto fp = vq::loadModel("builtin:deit-fashion");
    const auto base = runQvit(fp, 4, {{"epochs", "0"}, {"irm", "off"}});
    for (const auto& s : fp.model->sites().sites())
      QVERIFY(!dynamic_cast<vq::IrmQuantizer*>(base.model.quantizers->get(s.id).get()));
    // The studio's options panel lists exactly the options the method reads.
    std::set<std::string> described, used;
    for (const auto& spec : vq::describeOptions(vq::methodByName("qvit"), fp, 4, 4)) described.insert(spec.key);
    for (const auto& [key, value] : base.model.info.options.items()) used.insert(key);
    QCOMPARE(described, used);
    QVERIFY_THROWS_EXCEPTION(vq::Error, runQvit(fp, 4, {{"distill", "teacher"}}));
    QVERIFY_THROWS_EXCEPTION(vq::Error, runQvit(fp, 4, {{"epochs", "-1"}}));
    QVERIFY_THROWS_EXCEPTION(vq::Error, runQvit(fp, 4, {{"irm_statistics", "head"}}));
  }

  void swinQuantizesPerHeadAcrossWindows() {
    const auto fp = vq::loadModel("builtin:swin-fashion");
    auto out = runQvit(fp, 4, {{"epochs", "1"}, {"train_images", "64"}, {"val_images", "0"}});
    // A window attention's q is [B, windows, H, N, d]: one step per head, on axis 2.
    int checked = 0;
    for (const auto& s : fp.model->sites().sites()) {
      if (s.role != "q") continue;
      auto* irm = dynamic_cast<vq::IrmQuantizer*>(out.model.quantizers->get(s.id).get());
      QVERIFY2(irm, s.name.c_str());
      QCOMPARE(irm->inner()->params().scale.sizes().vec(), (std::vector<int64_t>{1, 1, s.heads, 1, 1}));
      ++checked;
    }
    QVERIFY(checked >= 4);
    const auto images = vq::openDataset("fashion-mnist")->batch(0, 8, fp.config.pretrained).images;
    const auto profile = vq::quantizedEntropy(out.model, images);
    QCOMPARE(profile.layers.size(), static_cast<size_t>(checked));
    QVERIFY(profile.meanQ > 0.5 && profile.meanQ <= 4.0);
    // The last stage is one window: its attention maps cover the image.
    const auto maps = vq::attentionMaps(out.model.model(), images.narrow(0, 0, 1));
    QCOMPARE(maps.height, int64_t{28});
  }

  void distilledDeitTrainsBothHeads() {
    vq::ModelConfig cfg = vq::defaultConfig("deit_tiny_distilled_patch16_224");
    cfg.numClasses = 10;
    cfg.modelArgs = {{"img_size", 28}, {"patch_size", 7}, {"embed_dim", 32}, {"depth", 2}, {"num_heads", 2}};
    cfg.pretrained.inputSize = {3, 28, 28};
    torch::manual_seed(0);
    vq::LoadedModel fp{cfg, vq::createModel(cfg, "test"), "test", "", {}};
    fp.model->eval();
    const auto fpParameters = fp.model->named_parameters();
    const auto* headDist = fpParameters.find("head_dist.weight");
    QVERIFY(headDist);
    const auto before = headDist->clone();
    auto out = runQvit(fp, 4, {{"epochs", "1"}, {"train_images", "64"}, {"val_images", "0"}});
    const auto trainedParameters = out.model.model().named_parameters();
    const auto* trained = trainedParameters.find("head_dist.weight");
    QVERIFY(trained);
    QVERIFY(!torch::equal(*trained, before));
    QCOMPARE(out.model.quantizers->get(fp.model->sites().find("head_dist.weight")->id)->spec().bits, 8);
  }
};

QTEST_GUILESS_MAIN(TestQvit)
#include "tst_qvit.moc"
