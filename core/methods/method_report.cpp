#include "core/methods/method_report.h"

#include "core/io/json_fields.h"

#include <nlohmann/json.hpp>

namespace vq {
namespace {

using json = nlohmann::json;
using json_fields::field;
using json_fields::listField;
using json_fields::maybeField;

using Strings = std::vector<std::string>;
using Doubles = std::vector<double>;

// ---- units, depth, epochs: the pieces several reports share ----

json unitJson(const UnitReport& u) {
  return {{"unit", u.path}, {"loss_before", u.lossBefore}, {"loss_after", u.lossAfter}, {"seconds", u.seconds}, {"loss_curve", u.lossCurve}};
}

UnitReport unitFromJson(const json& j, const std::string& where) {
  return {field<std::string>(j, "unit", where), field<double>(j, "loss_before", where), field<double>(j, "loss_after", where),
          field<Doubles>(j, "loss_curve", where), field<double>(j, "seconds", where)};
}

std::vector<UnitReport> unitsField(const json& j, const char* key, const std::string& source) {
  return listField(j, key, source, unitFromJson);
}

std::optional<std::vector<UnitReport>> maybeUnits(const json& j, const char* key, const std::string& source) {
  if (!j.contains(key)) return std::nullopt;
  return unitsField(j, key, source);
}

json depthJson(const DepthLoss& d) { return {{"loss", d.loss}, {"oscillation_index", d.oscillationIndex}}; }

DepthLoss depthFromJson(const json& j, const char* key, const std::string& source) {
  const auto d = field<json>(j, key, source);
  const auto where = source + ": " + key;
  return {field<Doubles>(d, "loss", where), field<double>(d, "oscillation_index", where)};
}

json epochJson(const EpochReport& e) {
  return {{"epoch", e.epoch}, {"loss", e.loss}, {"dgd_loss", e.dgdLoss}, {"val_top1", e.valTop1}, {"seconds", e.seconds}};
}

EpochReport epochFromJson(const json& j, const std::string& where) {
  return {field<int64_t>(j, "epoch", where), field<double>(j, "loss", where), field<double>(j, "dgd_loss", where),
          field<double>(j, "val_top1", where), field<double>(j, "seconds", where)};
}

void addTraining(json& j, const TrainingReport& t) {
  j["train_data"] = t.trainData;
  j["epochs"] = toJson(t.epochs);
  j["best_epoch"] = t.bestEpoch;
  j["start_val_top1"] = t.startValTop1;
  j["best_val_top1"] = t.bestValTop1;
}

TrainingReport trainingFromJson(const json& j, const std::string& source) {
  return {field<std::string>(j, "train_data", source), listField(j, "epochs", source, epochFromJson), field<int64_t>(j, "best_epoch", source),
          field<double>(j, "start_val_top1", source), field<double>(j, "best_val_top1", source)};
}

json layerJson(const HybridLayerReport& l) {
  json combos = json::object();
  for (const auto& [name, e] : l.comboErrors) combos[name] = e;
  return {{"layer", l.layer},
          {"bridge", l.bridge},
          {"input_quantized", l.inputQuantized},
          {"depthwise", l.depthwise},
          {"granularity", l.granularity},
          {"scheme", l.scheme},
          {"weight_alpha", l.weightAlpha},
          {"input_alpha", l.inputAlpha},
          {"minmax_error", l.minmaxError},
          {"error", l.error},
          {"zero_point_overflow_channels", l.zeroPointOverflowChannels},
          {"clamped_zero_points", l.clampedZeroPoints},
          {"combo_errors", combos}};
}

HybridLayerReport layerFromJson(const json& j, const std::string& where) {
  HybridLayerReport l;
  l.layer = field<std::string>(j, "layer", where);
  l.bridge = field<std::string>(j, "bridge", where);
  l.inputQuantized = field<bool>(j, "input_quantized", where);
  l.depthwise = field<bool>(j, "depthwise", where);
  l.granularity = field<std::string>(j, "granularity", where);
  l.scheme = field<std::string>(j, "scheme", where);
  l.weightAlpha = field<double>(j, "weight_alpha", where);
  l.inputAlpha = field<double>(j, "input_alpha", where);
  l.minmaxError = field<double>(j, "minmax_error", where);
  l.error = field<double>(j, "error", where);
  l.zeroPointOverflowChannels = field<int64_t>(j, "zero_point_overflow_channels", where);
  l.clampedZeroPoints = field<int64_t>(j, "clamped_zero_points", where);
  l.comboErrors = field<std::map<std::string, double>>(j, "combo_errors", where);
  return l;
}

// ---- one JSON form per method ----

json reportJson(const EmptyReport&) { return json::object(); }

json reportJson(const BrecqReport& r) { return {{"units", toJson(r.units)}}; }

json reportJson(const IsvitReport& r) {
  json j = json::object();
  if (r.units) j["units"] = toJson(*r.units);
  if (r.stage1) j["stage1"] = toJson(*r.stage1);
  if (r.reparameterized) j["reparameterized"] = *r.reparameterized;
  if (r.stage3) j["stage3"] = toJson(*r.stage3);
  return j;
}

json reportJson(const ModcapReport& r) {
  json capacity = json::array();
  for (const auto& c : r.capacity) capacity.push_back({{"unit", c.unit}, {"capacity", c.capacity}});
  json j = {{"capacity_kind", r.capacityKind}, {"capacity", capacity},       {"differentials", r.differentials},
            {"merged", r.merged},              {"units", toJson(r.units)}, {"depth", depthJson(r.depth)}};
  if (r.brecq) {
    j["brecq_units"] = toJson(r.brecq->units);
    j["brecq_depth"] = depthJson(r.brecq->depth);
  }
  return j;
}

json reportJson(const QhyvitReport& r) {
  json bridges = json::array();
  for (const auto& b : r.bridges) bridges.push_back({{"block", b.block}, {"layers", b.layers}});
  const auto& s = r.summary;
  json j = {{"bridges", bridges},
            {"layers", toJson(r.layers)},
            {"summary",
             {{"layers", s.layers},
              {"per_channel_inputs", s.perChannelInputs},
              {"symmetric", s.symmetric},
              {"clamped_zero_points", s.clampedZeroPoints},
              {"per_channel_reduction_inputs", s.perChannelReductionInputs},
              {"deployable", s.deployable},
              {"mean_minmax_error", s.meanMinmaxError},
              {"mean_error", s.meanError}}}};
  if (r.foldedBatchnorms) j["folded_batchnorms"] = *r.foldedBatchnorms;
  return j;
}

json reportJson(const QvitReport& r) {
  json j = {{"irm_sites", r.irmSites}, {"boundary_layers", r.boundaryLayers}};
  addTraining(j, r.training);
  return j;
}

json reportJson(const IvitReport& r) {
  json j = {{"integer", true}, {"calibration_images", r.calibrationImages}};
  if (r.weightBits)
    j["weight_bits"] = {{"transformer_layers", r.weightBits->transformerLayers},
                        {"patch_embedding_and_classifier", r.weightBits->patchEmbeddingAndClassifier}};
  if (r.finetune) {
    json t = json::object();
    addTraining(t, *r.finetune);
    j["finetune"] = t;
  }
  return j;
}

IsvitReport isvitFromJson(const json& j, const std::string& source) {
  return {maybeUnits(j, "units", source), maybeUnits(j, "stage1", source), maybeField<Strings>(j, "reparameterized", source),
          maybeUnits(j, "stage3", source)};
}

ModcapReport modcapFromJson(const json& j, const std::string& source) {
  ModcapReport r;
  r.capacityKind = field<std::string>(j, "capacity_kind", source);
  r.capacity = listField(j, "capacity", source, [](const json& c, const std::string& where) {
    return UnitCapacity{field<std::string>(c, "unit", where), field<double>(c, "capacity", where)};
  });
  r.differentials = field<Doubles>(j, "differentials", source);
  r.merged = field<Strings>(j, "merged", source);
  r.units = unitsField(j, "units", source);
  r.depth = depthFromJson(j, "depth", source);
  if (j.contains("brecq_units") || j.contains("brecq_depth"))
    r.brecq = ModcapReport::BrecqProbe{unitsField(j, "brecq_units", source), depthFromJson(j, "brecq_depth", source)};
  return r;
}

QhyvitReport qhyvitFromJson(const json& j, const std::string& source) {
  QhyvitReport r;
  r.foldedBatchnorms = maybeField<Strings>(j, "folded_batchnorms", source);
  r.bridges = listField(j, "bridges", source, [](const json& b, const std::string& where) {
    return BridgeReport{field<std::string>(b, "block", where), field<Strings>(b, "layers", where)};
  });
  r.layers = listField(j, "layers", source, layerFromJson);
  const auto s = field<json>(j, "summary", source);
  const auto where = source + ": summary";
  r.summary = {field<int64_t>(s, "layers", where),
               field<int64_t>(s, "per_channel_inputs", where),
               field<int64_t>(s, "symmetric", where),
               field<int64_t>(s, "clamped_zero_points", where),
               field<int64_t>(s, "per_channel_reduction_inputs", where),
               field<bool>(s, "deployable", where),
               field<double>(s, "mean_minmax_error", where),
               field<double>(s, "mean_error", where)};
  return r;
}

QvitReport qvitFromJson(const json& j, const std::string& source) {
  return {trainingFromJson(j, source), field<int64_t>(j, "irm_sites", source), field<Strings>(j, "boundary_layers", source)};
}

IvitReport ivitFromJson(const json& j, const std::string& source) {
  IvitReport r;
  if (!field<bool>(j, "integer", source)) inputError(source, "an ivit report with \"integer\": false");
  r.calibrationImages = field<int64_t>(j, "calibration_images", source);
  if (j.contains("weight_bits")) {
    const auto w = field<json>(j, "weight_bits", source);
    const auto where = source + ": weight_bits";
    r.weightBits = IvitReport::WeightBits{field<int64_t>(w, "transformer_layers", where), field<int64_t>(w, "patch_embedding_and_classifier", where)};
  }
  if (j.contains("finetune")) r.finetune = trainingFromJson(field<json>(j, "finetune", source), source + ": finetune");
  return r;
}

}  // namespace

json toJson(const std::vector<UnitReport>& units) {
  json list = json::array();
  for (const auto& u : units) list.push_back(unitJson(u));
  return list;
}

json toJson(const std::vector<HybridLayerReport>& layers) {
  json list = json::array();
  for (const auto& l : layers) list.push_back(layerJson(l));
  return list;
}

json toJson(const std::vector<EpochReport>& epochs) {
  json list = json::array();
  for (const auto& e : epochs) list.push_back(epochJson(e));
  return list;
}

json toJson(const MethodReport& report) {
  return std::visit([](const auto& r) { return reportJson(r); }, report);
}

MethodReport methodReportFromJson(const std::string& method, const json& j, const std::string& source) {
  const auto where = source + ": report";
  if (!j.is_object()) inputError(where, "is not an object");
  if (method == "brecq") return BrecqReport{unitsField(j, "units", where)};
  if (method == "isvit") return isvitFromJson(j, where);
  if (method == "modcap") return modcapFromJson(j, where);
  if (method == "qhyvit") return qhyvitFromJson(j, where);
  if (method == "qvit") return qvitFromJson(j, where);
  if (method == "ivit") return ivitFromJson(j, where);
  return EmptyReport{};  // minmax, percentile, and methods of newer versions: nothing typed to show
}

}  // namespace vq
