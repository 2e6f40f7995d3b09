// The quantization engine end to end on a small random DeiT: the basic plan, calibration, saving and
// re-opening a quantized folder (bit-identical logits), refusing broken quant.json files, block
// reconstruction lowering its loss, method options and cancellation.
#include "core/methods/method_options.h"
#include "core/methods/plan_options.h"
#include "core/model/zoo.h"
#include "core/quant/calibrate.h"
#include "core/quant/quant_model.h"
#include "core/quant/reconstruction.h"
#include "core/util/atomic_file.h"
#include "input_errors.h"
#include "tiny_models.h"

#include <QTemporaryDir>
#include <QtTest/QtTest>
#include <torch/torch.h>

namespace {

torch::Tensor images(int64_t n, uint64_t seed) {
  torch::manual_seed(seed);
  return torch::randn({n, 3, 32, 32});
}

torch::Tensor logits(vq::VisionModel& model, const torch::Tensor& x) {
  torch::NoGradGuard noGrad;
  return model.forward(x);
}

double cosine(const torch::Tensor& a, const torch::Tensor& b) {
  return torch::cosine_similarity(a.flatten(), b.flatten(), 0).item<double>();
}

vq::QuantizedModel calibrated(const vq::LoadedModel& fp, int wbits, int abits, vq::RangeMethod range = vq::RangeMethod::MinMax) {
  auto qm = vq::makeQuantizedModel(fp);
  qm.info = {"minmax", wbits, abits, nlohmann::json::object(), {}};
  vq::calibrate(qm, vq::basicPlan(*fp.model, wbits, abits, range, range), images(64, 1), {});
  return qm;
}

}  // namespace

class TestQuantModel : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;

private Q_SLOTS:
  void basicPlanCoversEverySite() {
    const auto fp = tinyDeit();
    const auto& sites = fp.model->sites();
    const int image = vq::imageInputSite(*fp.model);
    QCOMPARE(QString::fromStdString(sites.sites()[static_cast<size_t>(image)].name), QString("patch_embed.proj.input"));
    const auto plan = vq::basicPlan(*fp.model, 4, 6, vq::RangeMethod::MinMax, vq::RangeMethod::MinMax);
    std::set<int> planned;
    for (const auto& p : plan) {
      planned.insert(p.site);
      const auto kind = sites.sites()[static_cast<size_t>(p.site)].kind;
      QCOMPARE(p.spec.bits, kind == vq::SiteKind::Weight ? 4 : 6);
      QCOMPARE(p.spec.granularity, kind == vq::SiteKind::Weight ? vq::Granularity::PerChannel : vq::Granularity::PerTensor);
    }
    for (const auto& s : sites.sites()) QCOMPARE(planned.count(s.id) == 1, vq::quantizedByDefault(s.kind) && s.id != image);
    // Full quantization adds every Softmax and norm input, per tensor.
    vq::MethodOptions fullOptions({{"full", "on"}}, "minmax");
    const auto full = vq::planFromOptions(fullOptions, *fp.model, 4, 6, vq::RangeMethod::MinMax, vq::RangeMethod::MinMax);
    const auto extra = std::count_if(sites.sites().begin(), sites.sites().end(), [](const vq::SiteInfo& s) {
      return s.kind == vq::SiteKind::NormInput || s.kind == vq::SiteKind::SoftmaxInput;
    });
    QVERIFY(extra >= 3 * 2);  // per block: two norm inputs and a softmax input
    QCOMPARE(full.size(), plan.size() + static_cast<size_t>(extra));
    for (const auto& p : full)
      if (!vq::quantizedByDefault(sites.sites()[static_cast<size_t>(p.site)].kind)) QCOMPARE(p.spec.granularity, vq::Granularity::PerTensor);
  }

  void calibrationErrorShrinksWithBits() {
    const auto fp = tinyDeit();
    const auto x = images(16, 7);
    const auto ref = logits(*fp.model, x);
    auto q8 = calibrated(fp, 8, 8);
    auto q3 = calibrated(fp, 3, 3);
    QCOMPARE(q8.floatSites(), std::vector<std::string>{"patch_embed.proj.input"});
    const double c8 = cosine(logits(q8.model(), x), ref), c3 = cosine(logits(q3.model(), x), ref);
    QVERIFY2(c8 > 0.99, qPrintable(QString::number(c8)));
    QVERIFY2(c3 < c8, qPrintable(QString("%1 vs %2").arg(c3).arg(c8)));
    // The quantizers switched off give the float model back exactly (the copy has the same weights).
    q3.quantizers->enabled = false;
    QVERIFY(torch::equal(logits(q3.model(), x), ref));
  }

  void saveAndOpenGiveIdenticalLogits() {
    const auto fp = tinyDeit();
    auto qm = calibrated(fp, 4, 4, vq::RangeMethod::Percentile);
    const auto dir = tmp_.filePath("q4").toStdString();
    vq::saveQuantizedModel(dir, qm);
    const auto opened = vq::openModel(dir);
    QCOMPARE(opened.quant["method"].get<std::string>(), std::string("minmax"));
    QCOMPARE(opened.quant["wbits"].get<int>(), 4);
    QVERIFY(!opened.quant.contains("sites"));
    const auto x = images(8, 3);
    QVERIFY(torch::equal(logits(*opened.model, x), logits(qm.model(), x)));
  }

  void openRefusesBrokenQuantJson_data() {
    QTest::addColumn<QString>("edit");  // how quant.json is spoiled
    QTest::addColumn<QString>("mentions");
    QTest::newRow("not-json") << "text" << "not valid JSON";
    QTest::newRow("format") << "format" << "not a vitquant quant.json";
    QTest::newRow("unknown-site") << "site" << "site 'blocks.9.mlp.fc1.weight' does not exist";
    QTest::newRow("shape") << "shape" << "quantizer shapes do not fit the model";
    // Values a plain cast would turn into undefined behaviour (float overflow, float → int).
    QTest::newRow("scale beyond float32") << "hugescale" << "not a finite float32 number";
    QTest::newRow("wbits as a huge float") << "wbits" << "\"wbits\" or \"abits\"";
  }

  void openRefusesBrokenQuantJson() {
    QFETCH(QString, edit);
    QFETCH(QString, mentions);
    const auto fp = tinyDeit();
    auto qm = calibrated(fp, 8, 8);
    const auto dir = tmp_.filePath("broken-" + edit).toStdString();
    vq::saveQuantizedModel(dir, qm);
    auto j = qm.toJson();
    std::string text;
    if (edit == "text") text = "{\"format\": \"vitquant-quant\", ";
    if (edit == "format") j.erase("format");
    if (edit == "site") j["sites"]["blocks.9.mlp.fc1.weight"] = j["sites"]["blocks.0.mlp.fc1.weight"];
    if (edit == "shape") {
      // A per-channel step for 7 channels on a 48-channel token tensor.
      auto& s = j["sites"]["blocks.0.mlp.fc1.input"];
      s["shape"] = {7};
      s["scale"] = std::vector<float>(7, 0.1f);
      s["zero_point"] = std::vector<float>(7, 0.0f);
      s["granularity"] = "per_channel";
    }
    if (edit == "hugescale") j["sites"]["blocks.0.mlp.fc1.input"]["scale"] = {1e300};
    if (edit == "wbits") j["wbits"] = 1e300;
    vq::writeFileAtomically(dir + "/quant.json", text.empty() ? j.dump() : text);
    const auto message = expectInputError([&] {
      if (edit == "wbits") vq::openQuantizedModel(dir);  // the header is read by the quantized-model view only
      else vq::openModel(dir);
    });
    QVERIFY2(message.startsWith(QString::fromStdString(dir + "/quant.json: ")), qPrintable(message));
    QVERIFY2(message.contains(mentions), qPrintable(message));
  }

  void reconstructionLowersTheLoss() {
    const auto fp = tinyDeit();
    auto qm = calibrated(fp, 3, 3);
    vq::ReconstructionOptions o;
    o.iters = 150;
    o.batchSize = 16;
    const auto x = images(64, 1);
    const auto reports = vq::reconstruct(fp, qm, x, vq::singleUnitGroups(*fp.model), o);
    QCOMPARE(reports.size(), fp.model->units().size());
    double before = 0, after = 0;
    for (const auto& r : reports) {
      before += r.lossBefore;
      after += r.lossAfter;
      QVERIFY(!r.lossCurve.empty());
    }
    QVERIFY2(after < before, qPrintable(QString("%1 → %2").arg(before).arg(after)));
    // Hardened weights sit on their quantizer's grid, so quantizing them again changes nothing.
    for (const auto& s : qm.model().sites().sites()) {
      if (s.kind != vq::SiteKind::Weight) continue;
      const auto w = vq::siteWeight(qm.model(), s).detach();
      QVERIFY2(torch::allclose(qm.quantizers->get(s.id)->apply(w), w, 0, 1e-6), s.name.c_str());
    }
    // The model's own parameters are trainable again afterwards (reconstruction only froze them).
    for (const auto& p : qm.model().parameters()) QVERIFY(p.requires_grad());
  }

  void methodOptions() {
    vq::MethodOptions o({{"iters", "50"}, {"act_steps", "false"}}, "brecq");
    QCOMPARE(o.getInt("iters", 500, 0, 1000, "steps"), int64_t{50});
    QCOMPARE(o.getBool("act_steps", true, "learn steps"), false);
    QCOMPARE(o.getDouble("round_lr", 1e-3, 0, 1, "rate"), 1e-3);
    o.finish();
    QCOMPARE(o.resolved()["round_lr"].get<double>(), 1e-3);

    vq::MethodOptions typo({{"itres", "50"}}, "brecq");
    typo.getInt("iters", 500, 0, 1000, "steps");
    QVERIFY_THROWS_EXCEPTION(vq::Error, typo.finish());
    vq::MethodOptions bad({{"iters", "5x"}}, "brecq");
    QVERIFY_THROWS_EXCEPTION(vq::Error, bad.getInt("iters", 500, 0, 1000, "steps"));
    vq::MethodOptions range({{"iters", "-1"}}, "brecq");
    QVERIFY_THROWS_EXCEPTION(vq::Error, range.getInt("iters", 500, 0, 1000, "steps"));
    QVERIFY_THROWS_EXCEPTION(vq::Error, vq::parseKeyValues({"novalue"}));
    QVERIFY_THROWS_EXCEPTION(vq::Error, vq::parseKeyValues({"a=1", "a=2"}));
  }

  void calibrationCancels() {
    const auto fp = tinyDeit();
    auto qm = vq::makeQuantizedModel(fp);
    vq::CancelToken cancel;
    cancel.cancel();
    QVERIFY_THROWS_EXCEPTION(vq::Cancelled, vq::calibrate(qm, vq::basicPlan(*fp.model, 8, 8, vq::RangeMethod::MinMax, vq::RangeMethod::MinMax),
                                                         images(8, 1), {}, {}, cancel));
    // The table is untouched and the observer removed: the model still runs in float.
    QVERIFY(qm.quantizers->observer == nullptr);
    QCOMPARE(qm.floatSites().size(), static_cast<size_t>(std::count_if(qm.model().sites().sites().begin(), qm.model().sites().sites().end(),
                                                                        [](const vq::SiteInfo& s) { return vq::quantizedByDefault(s.kind); })));
  }
};

QTEST_GUILESS_MAIN(TestQuantModel)
#include "tst_quant_model.moc"
