// I-ViT's fine-tuning before integer conversion: ShiftGELU's sigmoid form, and on real data a short
// fine-tuning of a damaged DeiT that the integer engine then scores better than the same model converted
// without it; the fine-tuned copy comes back with its quantizer table empty and its GELUs exact.
#include "core/data/dataset.h"
#include "core/data/preprocess.h"
#include "core/eval/evaluate.h"
#include "core/integer/integer_model.h"
#include "core/methods/ivit_finetune.h"
#include "core/methods/method.h"
#include "core/model/layers.h"
#include "core/util/error.h"

#include <QtTest/QtTest>

namespace {

const vq::LoadedModel& builtinDeit() {
  static const auto fp = vq::loadModel("builtin:deit-fashion");
  return fp;
}

const torch::Tensor& calibImages() {
  static const auto images = vq::openDataset("fashion-mnist:train")->batch(0, 64, builtinDeit().config.pretrained).images;
  return images;
}

// The built-in DeiT with noise of `relative` times each weight matrix's spread added: a model that lost
// accuracy a short fine-tuning can win back.
vq::LoadedModel damagedDeit(double relative) {
  auto copy = vq::cloneModel(builtinDeit());
  torch::NoGradGuard noGrad;
  auto gen = vq::makeGenerator(11);
  for (auto& p : copy.model->parameters())
    if (p.dim() >= 2) p.add_(torch::randn(p.sizes(), gen) * (relative * p.std().item<double>()));
  return copy;
}

double integerTop1(vq::VisionModel& fp, const vq::PretrainedCfg& cfg) {
  auto integer = vq::makeIntegerModel(fp, "test");
  integer->calibrate(calibImages());
  static const auto test = vq::openDataset("fashion-mnist");
  vq::EvalOptions eo;
  eo.limit = 1000;
  return vq::evaluate(*integer, cfg, *test, eo).top1;
}

std::vector<vq::Activation> mlpActivations(vq::VisionModel& model) {
  std::vector<vq::Activation> acts;
  for (const auto& m : model.modules(false))
    if (auto* mlp = dynamic_cast<vq::MlpImpl*>(m.get())) acts.push_back(mlp->act);
  return acts;
}

}  // namespace

class TestIvitFinetune : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void sigmoidGeluIsShiftGelusFloatForm() {
    const auto x = torch::linspace(-6, 6, 1201, torch::kFloat64);
    const auto s = vq::applyActivation(vq::Activation::SigmoidGELU, x);
    QVERIFY(torch::allclose(s, x * torch::sigmoid(1.702 * x)));
    // Within 0.021 of the exact GELU everywhere (the sigmoid form's worst case, 0.0203, is near |x| = 2).
    const double worst = (s - torch::gelu(x)).abs().max().item<double>();
    QVERIFY2(worst > 0.005 && worst < 0.021, qPrintable(QString::number(worst)));
  }

  void finetuningWinsBackIntegerAccuracy() {
    const auto damaged = damagedDeit(0.35);
    const auto& cfg = damaged.config.pretrained;
    const double before = integerTop1(*damaged.model, cfg);

    auto qm = vq::makeQuantizedModel(damaged);
    const auto data = vq::openDataset("fashion-mnist:train");
    vq::QatOptions o;
    o.epochs = 1;
    o.trainImages = 1024;
    o.valImages = 0;  // keep the last epoch, so the weights surely moved
    o.batchSize = 32;
    o.lr = 2e-4;
    o.distill = vq::Distillation::None;
    o.dgd = false;
    // While it trains, the forward is the fake-quantized one: every weight, layer input and attention operand
    // has a quantizer, the attention probabilities sit on Shiftmax's 2^-8 grid, and the MLPs use SigmoidGELU.
    int reports = 0;
    size_t quantizedWhileTraining = 0, onShiftmaxGrid = 0;
    bool sigmoidWhileTraining = true;
    const auto watch = [&](double, const std::string& phase) {
      if (phase.rfind("QAT epoch", 0) != 0 || reports++ > 0) return;
      for (const auto& s : qm.model().sites().sites()) {
        const auto q = std::dynamic_pointer_cast<vq::StaticQuantizer>(qm.quantizers->get(s.id));
        if (!q) continue;
        ++quantizedWhileTraining;
        if (s.kind == vq::SiteKind::SoftmaxOutput) onShiftmaxGrid += q->params().scale.item<double>() == 1.0 / 256;
      }
      for (const auto act : mlpActivations(qm.model())) sigmoidWhileTraining &= act == vq::Activation::SigmoidGELU;
    };
    const auto result = vq::finetuneForIntegers(qm, damaged, *data, calibImages(), o, watch, {});
    QCOMPARE(result.history.size(), size_t{1});
    QVERIFY(reports > 10);
    // 4 blocks × (4 weights, 4 layer inputs, q, k, v, probabilities) + patch embedding (weight, image) + head(s).
    QVERIFY2(quantizedWhileTraining >= 4 * 12 + 4, qPrintable(QString::number(quantizedWhileTraining)));
    QCOMPARE(onShiftmaxGrid, size_t{4});
    QVERIFY(sigmoidWhileTraining);

    // Back to a plain float copy: no quantizer left, GELU exact again, and the weights moved.
    for (size_t i = 0; i < qm.quantizers->size(); ++i) QVERIFY(!qm.quantizers->get(static_cast<int>(i)));
    for (const auto act : mlpActivations(qm.model())) QVERIFY(act == vq::Activation::GELU);
    const auto tuned = qm.model().named_parameters();
    const auto original = damaged.model->named_parameters();
    QVERIFY(!torch::equal(tuned["blocks.0.mlp.fc1.weight"], original["blocks.0.mlp.fc1.weight"]));

    const double after = integerTop1(qm.model(), cfg);
    qInfo("damaged DeiT, integer top-1 on 1000 test images: %.3f without fine-tuning, %.3f after", before, after);
    QVERIFY2(after > before + 0.02, qPrintable(QString("%1 -> %2").arg(before).arg(after)));
  }

  void methodReportsItsFinetuning() {
    vq::MethodOptions options({{"finetune_epochs", "1"}, {"finetune_images", "256"}, {"act_images", "32"}}, "ivit");
    vq::MethodContext ctx{builtinDeit(), calibImages(), 8, 8, 0, options, {}, {}, "fashion-mnist:train", ""};
    const auto out = vq::methodByName("ivit").run(ctx);
    QVERIFY(out.model.integer && out.model.integer->calibrated());
    const auto& ft = std::get<vq::IvitReport>(out.report).finetune.value();
    QCOMPARE(ft.epochs.size(), size_t{1});
    QCOMPARE(ft.trainData, std::string("fashion-mnist:train"));
    QVERIFY(ft.startValTop1 > 0.8);
    // Without a train split there is nothing to fine-tune on: refused before any work.
    vq::MethodOptions again({{"finetune_epochs", "1"}}, "ivit");
    vq::MethodContext noSplit{builtinDeit(), calibImages(), 8, 8, 0, again, {}, {}, "", ""};
    QVERIFY_THROWS_EXCEPTION(vq::Error, vq::methodByName("ivit").run(noSplit));
  }
};

QTEST_GUILESS_MAIN(TestIvitFinetune)
#include "tst_ivit_finetune.moc"
