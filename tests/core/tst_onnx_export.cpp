// ONNX export checked by an independent engine. Every built-in, float and quantized (percentile W8A8 and
// W4A4, brecq W4A4; qvit and qhyvit on one model each), is exported, loaded by ONNX Runtime (npm's onnxruntime-node, installed by
// scripts/install-onnxruntime.sh) and run on Fashion-MNIST test images; its logits are compared with our
// forward pass on the same images. Also: a fixed batch at opset 13 (LayerNorm decomposed), quantizers
// with no QDQ form refused by name or listed as float sites, and nothing written when export fails.
#include "core/data/dataset.h"
#include "core/export/onnx_export.h"
#include "core/run/quantize_run.h"
#include "core/quant/quant_model.h"
#include "core/util/error.h"

#include <QtTest/QtTest>

#include <onnx/onnx_pb.h>
#include <torch/torch.h>

#include <filesystem>
#include <fstream>
#include <set>

namespace fs = std::filesystem;

namespace {

const char* kBuiltins[] = {"deit-fashion", "swin-fashion", "mobilevit-fashion", "mobilevitv2-fashion"};

void writeRaw(const std::string& path, const torch::Tensor& t) {
  const auto c = t.to(torch::kFloat32).contiguous();
  std::ofstream out(path, std::ios::binary);
  out.write(static_cast<const char*>(c.data_ptr()), static_cast<std::streamsize>(c.numel() * 4));
}

torch::Tensor readRaw(const std::string& path, std::vector<int64_t> shape) {
  std::ifstream in(path, std::ios::binary);
  auto t = torch::empty(shape, torch::kFloat32);
  in.read(static_cast<char*>(t.data_ptr()), static_cast<std::streamsize>(t.numel() * 4));
  return in.gcount() == t.numel() * 4 ? t : torch::Tensor();
}

torch::Tensor ourLogits(vq::VisionModel& model, const torch::Tensor& images) {
  c10::InferenceMode inference;
  std::vector<torch::Tensor> out;
  for (int64_t i = 0; i < images.size(0); i += 250) out.push_back(model.forward(images.narrow(0, i, std::min<int64_t>(250, images.size(0) - i))));
  return torch::cat(out);
}

onnx::ModelProto readOnnx(const std::string& path) {
  onnx::ModelProto proto;
  std::ifstream in(path, std::ios::binary);
  if (!proto.ParseFromIstream(&in)) qFatal("cannot parse %s", path.c_str());
  return proto;
}

double relDiff(const torch::Tensor& a, const torch::Tensor& b) { return ((a - b).abs().max() / b.abs().max()).item<double>(); }

}  // namespace

class TestOnnxExport : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;
  QString node_;
  std::unique_ptr<vq::Dataset> test_;

  std::string path(const std::string& name) const { return (fs::path(dir_.path().toStdString()) / name).string(); }

  // ONNX Runtime's logits for `images`; `level` is its graph optimisation level ("all", "basic", ...).
  torch::Tensor ortLogits(const std::string& onnx, const torch::Tensor& images, int64_t classes, const QString& level) {
    const auto in = path("input.f32"), out = path("logits.f32");
    writeRaw(in, images);
    fs::remove(out);
    QProcess p;
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert("NODE_PATH", QString(VQ_ONNXRUNTIME_DIR) + "/node_modules");
    p.setProcessEnvironment(env);
    QStringList shape;
    for (const auto d : images.sizes()) shape << QString::number(d);
    p.start(node_, {VQ_ORT_RUNNER, QString::fromStdString(onnx), QString::fromStdString(in), shape.join(','), QString::fromStdString(out), level});
    if (!p.waitForFinished(600000) || p.exitCode() != 0) {
      qWarning("onnxruntime: %s", p.readAllStandardError().constData());
      return {};
    }
    return readRaw(out, {images.size(0), classes});
  }

  // A float graph is the same arithmetic in another engine: equal to float rounding, with ORT's full optimisation.
  void verifyFloatParity(vq::VisionModel& model, const std::string& onnx, const torch::Tensor& images, const QString& name) {
    const auto ours = ourLogits(model, images);
    const auto theirs = ortLogits(onnx, images, ours.size(1), "all");
    QVERIFY(theirs.defined());
    const double rel = relDiff(theirs, ours);
    qInfo("%s float: max |ORT - ours| / max |ours| = %.2e", qPrintable(name), rel);
    QVERIFY2(rel <= 1e-5, qPrintable(QString::number(rel)));
  }

  torch::Tensor testImages(const vq::LoadedModel& loaded, int64_t n) { return test_->batch(0, n, loaded.config.pretrained).images; }

private Q_SLOTS:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    node_ = QStandardPaths::findExecutable("node");
    QVERIFY2(!node_.isEmpty(), "node is not installed (scripts/install-onnxruntime.sh installs it)");
    QVERIFY2(fs::exists(fs::path(VQ_ONNXRUNTIME_DIR) / "node_modules" / "onnxruntime-node"),
             "onnxruntime-node is missing: run scripts/install-onnxruntime.sh " VQ_ONNXRUNTIME_DIR);
    test_ = vq::openDataset("fashion-mnist:test");
  }

  void floatModelsMatch_data() {
    QTest::addColumn<QString>("name");
    for (const auto* name : kBuiltins) QTest::newRow(name) << name;
  }

  void floatModelsMatch() {
    QFETCH(QString, name);
    auto loaded = vq::openModel("builtin:" + name.toStdString());
    const auto onnx = path(name.toStdString() + ".onnx");
    QElapsedTimer timer;
    timer.start();
    const auto result = vq::exportOnnx(loaded, onnx, {});
    qInfo("%s: %zu nodes, exported in %lld ms", qPrintable(name), result.nodes, static_cast<long long>(timer.elapsed()));
    QCOMPARE(result.qdqSites, size_t{0});
    verifyFloatParity(*loaded.model, onnx, testImages(loaded, 64), name);
  }

  void realSizesMatch_data() {
    QTest::addColumn<QString>("arch");
    QTest::newRow("DeiT-S") << "deit_small_patch16_224";
    QTest::newRow("Swin-T (shifted windows)") << "swin_tiny_patch4_window7_224";
    QTest::newRow("MobileViT-XXS") << "mobilevit_xxs";
    QTest::newRow("MobileViT v2 0.5") << "mobilevitv2_050";
  }

  // The timm architectures at their real sizes (random weights): Swin-T's shifted windows and masks, MobileViT's
  // unfold/fold at 256 px.
  void realSizesMatch() {
    QFETCH(QString, arch);
    torch::manual_seed(0);
    auto loaded = vq::openModel("arch:" + arch.toStdString());
    const auto onnx = path(arch.toStdString() + ".onnx");
    vq::exportOnnx(loaded, onnx, {});
    const auto& size = loaded.config.pretrained.inputSize;
    verifyFloatParity(*loaded.model, onnx, torch::randn({2, size[0], size[1], size[2]}), arch);
  }

  void quantizedModelsAgree_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("method");
    QTest::addColumn<int>("bits");
    for (const auto* name : kBuiltins) {
      QTest::addRow("%s percentile W8A8", name) << name << "percentile" << 8;
      QTest::addRow("%s percentile W4A4", name) << name << "percentile" << 4;
      QTest::addRow("%s brecq W4A4", name) << name << "brecq" << 4;
    }
    // Per-head activation scales (Q-ViT, with its rectification in float) and per-channel depthwise inputs (Q-HyViT).
    QTest::newRow("deit-fashion qvit W4A4") << "deit-fashion" << "qvit" << 4;
    QTest::newRow("mobilevit-fashion qhyvit W4A4") << "mobilevit-fashion" << "qhyvit" << 4;
  }

  // Quantized graphs: QuantizeLinear/DequantizeLinear reproduce our codes; an input that lands on a rounding
  // boundary in one engine and not the other may flip a code, so top-1 is compared on 2000 test images.
  void quantizedModelsAgree() {
    QFETCH(QString, name);
    QFETCH(QString, method);
    QFETCH(int, bits);
    vq::QuantizeRequest request;
    request.model = "builtin:" + name.toStdString();
    request.method = method.toStdString();
    request.wbits = request.abits = bits;
    request.calib = 128;
    request.evaluate = false;
    // Small budgets: what is checked is the exported arithmetic, not the method's accuracy.
    if (method == "brecq") request.options = {{"iters", "20"}};
    if (method == "qvit") request.options = {{"epochs", "0"}};
    if (method == "qhyvit") request.options = {{"rounds", "1"}, {"candidates", "8"}};
    const auto folder = path(name.toStdString() + "-" + method.toStdString() + std::to_string(bits));
    request.saveDir = folder;
    vq::runQuantize(request);

    auto loaded = vq::openModel(folder);
    const auto onnx = folder + ".onnx";
    const auto result = vq::exportOnnx(loaded, onnx, {});
    QVERIFY(result.qdqSites > 0);
    QVERIFY(result.floatSites.empty());
    QCOMPARE(result.method, method.toStdString());
    // Every weight is stored as int8 codes read by its DequantizeLinear.
    const auto proto = readOnnx(onnx);
    std::set<std::string> int8Tensors;
    for (const auto& t : proto.graph().initializer())
      if (t.data_type() == onnx::TensorProto::INT8) int8Tensors.insert(t.name());
    int weights = 0;
    for (const auto& n : proto.graph().node())
      if (n.op_type() == "DequantizeLinear" && n.name().find(".weight/") != std::string::npos) {
        ++weights;
        QVERIFY2(int8Tensors.count(n.input(0)) && int8Tensors.count(n.input(2)), n.name().c_str());
      }
    QVERIFY(weights > 0);

    const auto images = testImages(loaded, 2000);
    const auto ours = ourLogits(*loaded.model, images);
    // ORT's basic level runs QuantizeLinear/DequantizeLinear as written; its extended fusions replace them with
    // integer kernels of their own (QLinearSoftmax, MatMulIntegerToFloat), whose outputs are reported, not held
    // to our arithmetic.
    const auto theirs = ortLogits(onnx, images, ours.size(1), "basic");
    QVERIFY(theirs.defined());
    const auto agree = (theirs.argmax(1) == ours.argmax(1)).to(torch::kFloat64).mean().item<double>();
    const auto same = ((theirs - ours).abs().amax(1) <= 1e-4 * ours.abs().max()).to(torch::kFloat64).mean().item<double>();
    const auto fused = ortLogits(onnx, images, ours.size(1), "all");  // undefined when ORT's fused kernels refuse it
    const auto fusedAgree = fused.defined() ? (fused.argmax(1) == ours.argmax(1)).to(torch::kFloat64).mean().item<double>() : -1.0;
    qInfo("%s %s W%dA%d: %zu QDQ sites; top-1 agreement %.4f, logits equal to 1e-4 on %.4f of 2000 images, max rel %.2e; "
          "with ORT's fusions: agreement %.4f (-1: does not run)",
          qPrintable(name), qPrintable(method), bits, bits, result.qdqSites, agree, same, relDiff(theirs, ours), fusedAgree);
    // Where the engines disagree, our top-2 margin is small: a code flipped on a rounding boundary tips a near tie.
    const auto top2 = std::get<0>(ours.topk(2, 1));
    const auto margin = (top2.select(1, 0) - top2.select(1, 1)) / ours.abs().max();
    const auto disagree = (theirs.argmax(1) != ours.argmax(1)).nonzero().flatten();
    QStringList margins;
    for (int64_t i = 0; i < disagree.numel(); ++i) margins << QString::number(margin[disagree[i].item<int64_t>()].item<double>(), 'g', 2);
    qInfo("  disagreements' top-2 margins (share of the largest logit): [%s]; median margin %.2g", qPrintable(margins.join(", ")),
          margin.median().item<double>());
    QVERIFY2(agree >= 0.995, qPrintable(QString::number(agree)));
  }

  // A fixed batch at opset 13: LayerNormalization decomposed, shapes constant.
  void fixedBatchAtOpset13() {
    auto loaded = vq::openModel("builtin:swin-fashion");
    vq::OnnxExportOptions options;
    options.opset = 13;
    options.batch = 5;
    const auto onnx = path("swin-b5-op13.onnx");
    const auto result = vq::exportOnnx(loaded, onnx, options);
    QCOMPARE(result.batch, int64_t{5});
    const auto proto = readOnnx(onnx);
    QCOMPARE(proto.opset_import(0).version(), int64_t{13});
    QCOMPARE(proto.graph().input(0).type().tensor_type().shape().dim(0).dim_value(), int64_t{5});
    for (const auto& n : proto.graph().node()) QVERIFY(n.op_type() != "LayerNormalization");
    verifyFloatParity(*loaded.model, onnx, testImages(loaded, 5), "swin-fashion, batch 5, opset 13");
  }

  // Log2 post-softmax quantizers have no QDQ form: refused by name, or exported float and listed.
  void sitesWithNoQdqForm() {
    vq::QuantizeRequest request;
    request.model = "builtin:deit-fashion";
    request.method = "percentile";
    request.wbits = request.abits = 4;
    request.calib = 64;
    request.evaluate = false;
    request.options = {{"softmax_quantizer", "log2"}};
    auto run = vq::runQuantize(request);
    const auto folder = path("deit-log2");
    vq::saveQuantizedModel(folder, run.model);
    auto loaded = vq::openModel(folder);

    const auto onnx = path("deit-log2.onnx");
    try {
      vq::exportOnnx(loaded, onnx, {});
      QFAIL("a log2 quantizer was exported");
    } catch (const vq::Error& e) {
      const std::string message = e.what();
      QVERIFY2(message.find("blocks.0.attn.softmax.output") != std::string::npos, e.what());
      QVERIFY2(message.find("log2 has no QDQ form") != std::string::npos, e.what());
      QVERIFY2(message.find("--float-sites-ok") != std::string::npos, e.what());
    }
    QVERIFY(!fs::exists(onnx));

    vq::OnnxExportOptions options;
    options.floatSitesOk = true;
    auto reloaded = vq::openModel(folder);
    const auto result = vq::exportOnnx(reloaded, onnx, options);
    const auto blocks = reloaded.model->units().size() - 2;  // patch_embed.proj … head
    QCOMPARE(result.floatSites.size(), blocks);
    for (const auto& s : result.floatSites) QVERIFY(s.site.find("softmax.output") != std::string::npos);
    const auto proto = readOnnx(onnx);
    bool listed = false;
    for (const auto& p : proto.metadata_props())
      if (p.key() == "vitquant.float_sites") listed = p.value().find("blocks.0.attn.softmax.output") != std::string::npos;
    QVERIFY(listed);
  }
};

QTEST_GUILESS_MAIN(TestOnnxExport)
#include "tst_onnx_export.moc"
