// Every registered method runs end to end on a small random DeiT with a handful of iterations: it fills
// the quantizer table, reports its own numbers, echoes its options, and refuses unknown ones before work.
#include "core/methods/method.h"
#include "core/model/zoo.h"
#include "core/quant/reparameterize.h"
#include "core/util/error.h"
#include "tiny_models.h"

#include <QtTest/QtTest>
#include <set>
#include <torch/torch.h>

namespace {

// A method's outcome with the options it resolved.
struct MethodRun : vq::MethodOutcome {
  nlohmann::json options;
};

MethodRun runMethod(const std::string& name, std::map<std::string, std::string> given, int bits = 4) {
  static const auto fp = tinyDeit(32, 8, 32, 2);
  torch::manual_seed(3);
  static const auto images = torch::randn({48, 3, 32, 32});
  vq::MethodOptions options(std::move(given), name);
  vq::MethodContext ctx{fp, images, bits, bits, 0, options, {}, {}, {}, {}};
  return {{vq::methodByName(name).run(ctx)}, options.resolved()};
}

// describeOptions lists exactly the options a run reads, each with a default and help.
void checkDescribed(const std::string& name, const nlohmann::json& resolved, int bits) {
  static const auto fp = tinyDeit(32, 8, 32, 2);
  const auto specs = vq::describeOptions(vq::methodByName(name), fp, bits, bits);
  std::set<std::string> described, read;
  for (const auto& s : specs) {
    described.insert(s.key);
    QVERIFY2(!s.help.empty(), s.key.c_str());
    if (s.type == vq::OptionSpec::Type::Choice)
      QVERIFY2(std::find(s.choices.begin(), s.choices.end(), s.defaultValue) != s.choices.end(), s.key.c_str());
  }
  for (const auto& [key, value] : resolved.items()) read.insert(key);
  QCOMPARE(described, read);
}

size_t quantizedCount(const vq::QuantizedModel& qm) {
  size_t n = 0;
  for (const auto& s : qm.model().sites().sites()) n += qm.quantizers->get(s.id) != nullptr;
  return n;
}

}  // namespace

class TestMethods : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void everyMethodRuns_data() {
    QTest::addColumn<QString>("method");
    // Every PTQ method; ivit makes an integer-only model instead (integerMethodRuns), qvit trains on a data
    // set (tst_qvit).
    for (const auto& m : vq::quantMethods())
      if (m.name != "ivit" && m.name != "qvit") QTest::newRow(m.name.c_str()) << QString::fromStdString(m.name);
  }

  void everyMethodRuns() {
    QFETCH(QString, method);
    std::map<std::string, std::string> quick;
    if (method == "brecq" || method == "isvit" || method == "modcap") quick = {{"iters", "5"}, {"batch", "8"}};
    const auto out = runMethod(method.toStdString(), quick);
    QVERIFY(quantizedCount(out.model) > 10);
    QCOMPARE(out.model.floatSites(), std::vector<std::string>{"patch_embed.proj.input"});
    QVERIFY(out.options.contains("keep_float"));
    checkDescribed(method.toStdString(), out.options, 4);
    torch::NoGradGuard noGrad;
    QVERIFY(torch::isfinite(out.model.model().forward(torch::randn({2, 3, 32, 32}))).all().item<bool>());
    // Unknown options are refused before any work.
    const auto misspelt = [&] { runMethod(method.toStdString(), {{"no_such_option", "1"}}); };
    QVERIFY_THROWS_EXCEPTION(vq::Error, misspelt());
  }

  void integerMethodRuns() {
    const auto out = runMethod("ivit", {{"act_images", "16"}}, 8);
    QVERIFY(out.model.integer && out.model.integer->calibrated());
    QVERIFY(out.model.floatSites().empty());
    QCOMPARE(std::get<vq::IvitReport>(out.report).calibrationImages, int64_t{16});
    checkDescribed("ivit", out.options, 8);
    c10::InferenceMode inference;
    const auto images = torch::randn({2, 3, 32, 32});
    const auto fp = out.model.model().forward(images), integer = out.model.inference().forward(images);
    QVERIFY(torch::isfinite(integer).all().item<bool>());
    QVERIFY((fp - integer).abs().max().item<double>() < 0.2 * fp.abs().max().item<double>() + 0.1);
    QVERIFY_THROWS_EXCEPTION(vq::Error, runMethod("ivit", {}, 4));  // 8-bit only
    QVERIFY_THROWS_EXCEPTION(vq::Error, runMethod("ivit", {{"no_such_option", "1"}}, 8));
  }

  void isvitStagesAndAblations() {
    const auto sos = runMethod("isvit", {{"iters", "5"}, {"batch", "8"}});
    const auto& stages = std::get<vq::IsvitReport>(sos.report);
    QVERIFY(stages.stage1 && stages.stage3);
    QCOMPARE(stages.reparameterized.value().size(), size_t{4});  // qkv and fc1 in both blocks
    QCOMPARE(sos.options["softmax_quantizer"].get<std::string>(), std::string("sulq"));
    // Defaults that depend on the bit widths are described for the bits asked about.
    // They are the official code's budget: 1000 steps (200 at 6 bits) of 64 images.
    const auto described = [](const std::string& key, int bits) {
      for (const auto& s : vq::describeOptions(vq::methodByName("isvit"), tinyDeit(32, 8, 32, 2), bits, bits))
        if (s.key == key) return s.defaultValue;
      return std::string();
    };
    QCOMPARE(described("iters", 4), std::string("1000"));
    QCOMPARE(described("iters", 6), std::string("200"));
    QCOMPARE(described("batch", 4), std::string("64"));
    // After stage 2 every post-LayerNorm input is per tensor.
    for (const auto& pair : vq::normLinearPairs(sos.model.model()))
      QCOMPARE(sos.model.quantizers->get(pair.inputSite)->spec().granularity, vq::Granularity::PerTensor);
    const auto plain = runMethod("isvit", {{"iters", "5"}, {"batch", "8"}, {"sos", "false"}, {"softmax_quantizer", "log2"}});
    QVERIFY(std::get<vq::IsvitReport>(plain.report).units && !std::get<vq::IsvitReport>(plain.report).stage1);
    QCOMPARE(plain.model.quantizers->get(plain.model.model().sites().find("blocks.0.attn.softmax.output")->id)->spec().scheme,
             vq::QuantScheme::Log2);
  }

  void reconstructionDefaultsToBrecqsBudget() {
    // Shorter budgets under-train the hybrids at 3 bits (docs/results.md, "Reconstruction budget"), so brecq and
    // modcap default to BRECQ's 20 000 steps per unit at every bit width.
    int described = 0;
    for (const char* method : {"brecq", "modcap"})
      for (int bits : {3, 8})
        for (const auto& s : vq::describeOptions(vq::methodByName(method), tinyDeit(32, 8, 32, 2), bits, bits))
          if (s.key == "iters") {
            QCOMPARE(s.defaultValue, std::string("20000"));
            ++described;
          }
    QCOMPARE(described, 4);
  }

  void keepFloatAndGranularityOptions() {
    const auto out = runMethod("minmax", {{"keep_float", "softmax,head"}, {"act_granularity", "per_token"}});
    const auto floats = out.model.floatSites();
    QVERIFY(std::find(floats.begin(), floats.end(), "blocks.1.attn.softmax.output") != floats.end());
    QVERIFY(std::find(floats.begin(), floats.end(), "head.weight") != floats.end());
    const auto* fc1 = out.model.model().sites().find("blocks.0.mlp.fc1.input");
    QCOMPARE(out.model.quantizers->get(fc1->id)->spec().granularity, vq::Granularity::PerToken);
  }
};

QTEST_GUILESS_MAIN(TestMethods)
#include "tst_methods.moc"
