// The oscillation-aware method's planner on hand-made capacity lists (the merges it must pick), its
// oscillation index on hand-made curves, data-free capacities of a real model, and the method itself:
// k = 0 is plain BRECQ weight for weight; merged runs report what they merged, with the steps asked for.
#include "core/methods/method.h"
#include "core/methods/modcap_planner.h"
#include "core/quant/reconstruction.h"
#include "tiny_models.h"

#include <QtTest/QtTest>

namespace {

using Groups = std::vector<std::pair<size_t, size_t>>;

Groups groupsOf(const vq::MergePlan& plan) {
  Groups out;
  for (const auto& g : plan.groups) out.emplace_back(g.first, g.last);
  return out;
}

vq::MethodOutcome run(const std::string& method, std::map<std::string, std::string> given) {
  static const auto fp = tinyDeit(32, 8, 32, 3);
  torch::manual_seed(3);
  static const auto images = torch::randn({48, 3, 32, 32});
  given.emplace("iters", "6");
  given.emplace("batch", "8");
  vq::MethodOptions options(std::move(given), method);
  vq::MethodContext ctx{fp, images, 3, 4, 7, options, {}, {}, {}, {}};
  return vq::methodByName(method).run(ctx);
}

}  // namespace

class TestModcap : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void plannerPicksTheLargestDifferentials() {
    // Six units, all chained but the first; differentials 1, 9, 2, 20, 0.5.
    const std::vector<double> capacity = {10, 11, 2, 4, 24, 24.5};
    const std::vector<bool> chained = {false, true, true, true, true, true};
    const auto top2 = vq::planMerges(capacity, chained, 2);
    QCOMPARE(top2.differentials, (std::vector<double>{1, 9, 2, 20, 0.5}));
    QCOMPARE(top2.merged, (std::vector<size_t>{1, 3}));
    QCOMPARE(groupsOf(top2), (Groups{{0, 0}, {1, 2}, {3, 4}, {5, 5}}));
    // Overlapping pairs chain into one three-unit group.
    const auto top3 = vq::planMerges(capacity, chained, 3);
    QCOMPARE(top3.merged, (std::vector<size_t>{1, 2, 3}));
    QCOMPARE(groupsOf(top3), (Groups{{0, 0}, {1, 4}, {5, 5}}));
  }

  void plannerRespectsChainsAndTies() {
    // Unit 2 does not take unit 1's output: that pair can never merge, however different.
    const auto plan = vq::planMerges({1, 2, 100, 103}, {false, true, false, true}, 5);
    QCOMPARE(plan.differentials, (std::vector<double>{1, 0, 3}));
    QCOMPARE(plan.merged, (std::vector<size_t>{0, 2}));
    // No differences, no merges; k = 0 is one group per unit.
    QVERIFY(vq::planMerges({5, 5, 5}, {false, true, true}, 2).merged.empty());
    QCOMPARE(groupsOf(vq::planMerges({1, 9, 2}, {false, true, true}, 0)), (Groups{{0, 0}, {1, 1}, {2, 2}}));
    // Equal differentials: the earlier pair first.
    QCOMPARE(vq::planMerges({0, 1, 2, 3}, {false, true, true, true}, 1).merged, (std::vector<size_t>{0}));
  }

  void oscillationIndex() {
    QCOMPARE(vq::oscillationIndex({1, 2, 3, 4}), 0.0);
    QCOMPARE(vq::oscillationIndex({4, 3, 1}), 0.0);
    // 1 → 3 → 2 → 5: slope changes at 3 (jumps 2 and 1) and at 2 (jumps 1 and 3).
    QCOMPARE(vq::oscillationIndex({1, 3, 2, 5}), 1.5 + 2.0);
    QCOMPARE(vq::oscillationIndex({}), 0.0);
  }

  void dataFreeCapacities() {
    auto fp = tinyDeit(32, 8, 32, 2);
    const auto cap = vq::dataFreeCapacities(*fp.model, 4);
    const auto& units = fp.model->units();
    QCOMPARE(cap.size(), units.size());
    // The patch embedding: 3·8·8 → 32 at stride 8; each block: qkv, proj, fc1, fc2 at stride 1.
    QCOMPARE(units[0].path, std::string("patch_embed.proj"));
    QCOMPARE(cap[0], 3.0 * 8 * 8 * 32 * 4 / 64);
    const double block = (32.0 * 96 + 32 * 32 + 32 * 128 + 128 * 32) * 4;
    QCOMPARE(cap[1], block);
    QCOMPARE(cap[2], block);
  }

  void zeroMergesIsBrecq() {
    const auto brecq = run("brecq", {});
    const auto modcap = run("modcap", {{"capacity", "data-free"}, {"topk", "0"}});
    QCOMPARE(std::get<vq::ModcapReport>(modcap.report).merged.size(), size_t{0});
    const auto a = brecq.model.model().named_parameters(), b = modcap.model.model().named_parameters();
    for (const auto& p : a) QVERIFY2(torch::equal(p.value(), b[p.key()]), p.key().c_str());
  }

  void mergedRunReportsItsPlan() {
    const auto out = run("modcap", {{"topk", "1"}, {"qdrop", "true"}});
    const auto& report = std::get<vq::ModcapReport>(out.report);
    QCOMPARE(report.capacityKind, std::string("data-dependent"));
    QCOMPARE(report.merged.size(), size_t{1});
    const auto units = out.model.model().units().size();
    QCOMPARE(report.units.size(), units - 1);  // one group fewer than units
    QCOMPARE(report.brecq.value().units.size(), units);
    QCOMPARE(report.depth.loss.size(), units);
    QCOMPARE(report.brecq->depth.loss.size(), units);
    QVERIFY(report.depth.oscillationIndex >= 0);
    torch::NoGradGuard noGrad;
    QVERIFY(torch::isfinite(out.model.model().forward(torch::randn({2, 3, 32, 32}))).all().item<bool>());
  }

  // Each step leaves one loss sample (6 steps < 50): a merged pair runs 6 steps, or 12 when scaled, and
  // single units 6 either way.
  void scaledBudgetGivesMergedUnitsMoreSteps() {
    for (const auto& [mode, mergedSteps] : {std::pair{"same", size_t{6}}, std::pair{"scaled", size_t{12}}}) {
      const auto out = run("modcap", {{"topk", "1"}, {"merged_iters", mode}});
      const auto& report = std::get<vq::ModcapReport>(out.report);
      for (const auto& u : report.units) {
        const bool merged = u.path.find('+') != std::string::npos;
        QCOMPARE(u.lossCurve.size(), merged ? mergedSteps : size_t{6});
      }
      for (const auto& u : report.brecq.value().units) QCOMPARE(u.lossCurve.size(), size_t{6});
    }
  }
};

QTEST_APPLESS_MAIN(TestModcap)
#include "tst_modcap.moc"
