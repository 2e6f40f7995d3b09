#!/usr/bin/env python3
"""Runs `vitquant quantize` for the tables of docs/results.md and writes that file.

Every number in the tables comes from a run's --json output. Runs are kept, with the command that made them,
in docs/runs/<model>/<method>-w<W>a<A>[-<option>=<value>...].json and reused: the table is regenerated from
them without running anything unless a run is missing (or --rerun is given). Nothing here is typed by hand.
Where other seeds of a cell are stored (docs/runs/...-seed=N.json, or finished runs of `vitquant sweep` folders
copied under docs/sweeps/<name>/, of which only sweep.json and runs/**/run.json need keeping), the cell shows
mean ± sample std over the seeds, as `vitquant sweep table` does.

  scripts/results.py                                  # every section, running what is missing
  scripts/results.py --sections isvit --models deit-fashion
  scripts/results.py --sections engine --bits 3       # only the W3A3 runs of that section
  scripts/results.py --no-run                         # rewrite the file from the stored runs only
  scripts/results.py --list                           # print the runs a selection needs, and whether stored
"""
import argparse
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ALL_MODELS = ["deit-fashion", "swin-fashion", "mobilevit-fashion", "mobilevitv2-fashion"]
TRANSFORMERS = ["deit-fashion", "swin-fashion"]
BASELINES = ["minmax", "percentile", "brecq"]
CALIB_IMAGES = {"qhyvit": 32}  # methods whose runs do not use the default 1024 calibration images
# The grids' reconstruction budget, the same for every reconstruction method: 500 steps per unit at batch 32. That is
# a fortieth of brecq's and modcap's default (BRECQ's 20 000 steps) and, at 3–4 bits, a quarter of the images of
# isvit's (the official code's 1 000 steps at batch 64), so that every grid fits on one machine. The budget section
# measures what that costs. A run that sets one of these options keeps its own value.
GRID_OPTIONS = {"brecq": (("iters", "500"),), "modcap": (("iters", "500"),), "isvit": (("batch", "32"), ("iters", "500"))}


class Run:
    """One `vitquant quantize` invocation: model, method, bits (W=A, or a (W, A) pair) and --set options."""

    def __init__(self, model, method, bits, options=(), seed=0):
        options = tuple(options)
        self.seed = seed
        given = {k for k, _ in options}
        options = tuple(o for o in GRID_OPTIONS.get(method, ()) if o[0] not in given) + options
        self.model, self.method, self.options = model, method, options
        self.wbits, self.abits = bits if isinstance(bits, tuple) else (bits, bits)
        self.bits = self.wbits

    def file(self, runs_dir):
        tail = "".join(f"-{k}={v}" for k, v in self.options) + (f"-seed={self.seed}" if self.seed else "")
        return os.path.join(runs_dir, self.model, f"{self.method}-w{self.wbits}a{self.abits}{tail}.json")

    def command(self, threads):
        cmd = ["quantize", "--model", f"builtin:{self.model}", "--method", self.method, "--wbits", str(self.wbits),
               "--abits", str(self.abits), "--threads", str(threads), "--json"]
        if self.method in CALIB_IMAGES:
            cmd += ["--calib", str(CALIB_IMAGES[self.method])]
        for k, v in self.options:
            cmd += ["--set", f"{k}={v}"]
        if self.seed:
            cmd += ["--seed", str(self.seed)]
        return cmd


class Store:
    def __init__(self, args):
        self.args = args
        self.threads_used = set()
        self.missing = {}  # file → Run, in the order first asked for

    def get(self, run):
        path = run.file(self.args.runs)
        if os.path.exists(path) and not self.args.rerun:
            with open(path) as f:
                result = json.load(f)
        elif self.args.no_run or run.bits not in self.args.bits or (self.args.methods and run.method not in self.args.methods):
            self.missing.setdefault(path, run)
            return None
        else:
            cmd = run.command(self.args.threads)
            print("running: vitquant", " ".join(cmd), file=sys.stderr, flush=True)
            out = subprocess.run([self.args.vitquant] + cmd, check=True, capture_output=True, text=True).stdout
            result = json.loads(out)
            result["command"] = "vitquant " + " ".join(cmd)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path + ".tmp", "w") as f:
                json.dump(result, f, indent=1)
                f.write("\n")
            os.replace(path + ".tmp", path)
        cmd = result.get("command", "").split()
        if "--threads" in cmd:
            self.threads_used.add(cmd[cmd.index("--threads") + 1])
        return result

    def other_seeds(self, run, reference):
        """The stored runs of `run`'s cell with another seed, made in the same setting as `reference` (one per seed);
        never runs anything. A sweep folder's run id is <model>/<method>-w<W>a<A>[-key=value…]-seed=<S>, the same
        spelling as the run files here."""
        stem = os.path.basename(Run(run.model, run.method, (run.wbits, run.abits), run.options).file(""))[:-len(".json")]
        pattern = re.compile(r"(^|/)" + re.escape(stem) + r"-seed=(\d+)(\.json|/run\.json)$")
        found = {}
        candidates = [os.path.join(self.args.runs, run.model, f) for f in os.listdir(os.path.join(self.args.runs, run.model))] \
            if os.path.isdir(os.path.join(self.args.runs, run.model)) else []
        sweeps = os.path.join(ROOT, "docs", "sweeps")
        for sweep in sorted(os.listdir(sweeps)) if os.path.isdir(sweeps) else []:
            folder = os.path.join(sweeps, sweep, "runs", run.model)
            if os.path.isdir(folder):
                candidates += [os.path.join(folder, d, "run.json") for d in os.listdir(folder)]
        for path in candidates:
            m = pattern.search(path.replace(os.sep, "/"))
            seed = int(m.group(2)) if m else run.seed
            if seed != run.seed and seed not in found and os.path.exists(path):
                with open(path) as f:
                    other = json.load(f)
                if same_setting(other, reference):
                    found[seed] = other
        return [found[k] for k in sorted(found)]


def top1(r):
    return f"{r['top1']:.4f}" if r else "—"


def same_setting(a, b):
    """Two runs of one cell that may be averaged: the same evaluation images and calibration size."""
    return a["n"] == b["n"] and a["calib"] == b["calib"] and a.get("data") == b.get("data")


def seeded_top1(store, run, r):
    """A cell's text: one run's top-1, or, where other seeds of the cell are stored (docs/runs/…-seed=N.json, or
    finished runs of a `vitquant sweep` folder under docs/sweeps/), mean ± sample std over them with their number,
    as `vitquant sweep table` prints it."""
    if not r:
        return "—"
    values = [r["top1"]] + [o["top1"] for o in store.other_seeds(run, r)]
    if len(values) == 1:
        return top1(r)
    return f"{statistics.mean(values):.4f} ± {statistics.stdev(values):.4f} ({len(values)})"


def bits_label(b):
    w, a = b if isinstance(b, tuple) else (b, b)
    return f"W{w}A{a}"


def grid(store, rows, bits):
    """rows: (label, model, method, options). Returns markdown table lines and the runs used."""
    lines = ["| method | " + " | ".join(bits_label(b) for b in bits) + " |", "|---|" + "---:|" * len(bits)]
    used = []
    for label, model, method, options in rows:
        cells = []
        for b in bits:
            run = Run(model, method, b, options)
            r = store.get(run)
            cells.append(seeded_top1(store, run, r))
            if r:
                used.append((label, b, r))
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines, used


def seeded_cells(store, model, rows, bits):
    """{(label, bits): [top-1 per seed]} for the cells of a grid's rows that have two or more seeds stored."""
    cells = {}
    for label, _, method, options in rows:
        for b in bits:
            run = Run(model, method, b, options)
            r = store.get(run)
            values = [r["top1"]] + [o["top1"] for o in store.other_seeds(run, r)] if r else []
            if len(values) > 1:
                cells[label, b] = values
    return cells


def seeded_reading(store, model, rows, bits, subject):
    """The spread reading of `subject` against the other rows of a grid, over its cells with several seeds, as lines
    to append under the grid (none when no cell of `subject` is seeded)."""
    reading = spread_reading(seeded_cells(store, model, rows, bits), subject)
    return (["Seeded cells (their seeds made with `vitquant sweep`, see docs/sweeps):"] + reading + [""]) if reading else []


def spread_reading(cells, subject, against=None):
    """`subject` against every other seeded cell of the same bits (or only the labels in `against`): the difference
    of the means, called beyond the spread when it exceeds √2 times the larger range of the two cells' seeds (the
    rule of the budget section)."""
    lines = []
    for b in sorted({b for _, b in cells}, key=str, reverse=True):
        if (subject, b) not in cells:
            continue
        mine = cells[subject, b]
        parts = []
        for (label, bb), theirs in cells.items():
            if bb != b or label == subject or (against is not None and label not in against):
                continue
            diff = statistics.mean(mine) - statistics.mean(theirs)
            spread = 2 ** 0.5 * max(max(mine) - min(mine), max(theirs) - min(theirs))
            parts.append(f"{label} {diff * 100:+.1f} ({'beyond' if abs(diff) > spread else 'within'} the spread, ±{spread * 100:.1f})")
        if parts:
            lines.append(f"- {bits_label(b)}, {len(mine)} seeds: `{subject}` minus " + ", ".join(parts) + ".")
    return lines


def fp_line(used):
    fp = next((r["fp_top1"] for _, _, r in used), None)
    return f"FP32 top-1: **{fp:.4f}**" if fp is not None else "FP32 top-1: (no run)"


def times_line(used, skip=("minmax", "percentile")):
    times = [f"{label} {bits_label(b)}: {r['seconds']:.0f} s" for label, b, r in used if label not in skip]
    return ["", "Wall time (calibration + reconstruction + both evaluations): " + ", ".join(times) + "."] if times else []


def engine_section(store, models):
    bits = [8, 6, 4, 3]
    out = ["## Quantization engine: baselines", "",
           "Weights per output channel, activations per tensor (the post-Softmax output on the same uniform grid), every",
           "asymmetric range widened to contain 0 (as BRECQ's code: zero padding stays exact, zero-points fit in b bits); the",
           "image entering the first layer stays float. `brecq`: per-unit block reconstruction with AdaRound weights and",
           "learned activation steps on top of percentile ranges, default options except 500 steps per unit (`iters=500`;",
           "the default is BRECQ's 20 000, see the reconstruction budget section).", ""]
    for model in models:
        lines, used = grid(store, [(m, model, m, ()) for m in BASELINES], bits)
        out += [f"### {model}", "", fp_line(used), ""] + lines + times_line(used) + [""]
    return out


def isvit_section(store, models):
    bits = [6, 4, 3]
    out = ["## I&S-ViT", "",
           "`isvit` with default options except the grids' budget: SULQ for the post-Softmax values, the three-stage smooth",
           "optimisation (post-LayerNorm activations channel-wise in stage 1, folded exactly into one step per tensor in stage",
           "2, weights quantized and reconstructed again in stage 3). Its percentile ranges are the measured ones, not widened",
           "to contain 0, as the official search (`range_includes_zero=off`; the baselines and `brecq` widen them, as BRECQ's",
           "code). The baselines are the runs of the table above. On the hybrids stage 2 folds the same way through MobileViT",
           "v1's LayerNorm and v2's one-group GroupNorm (see the Q-HyViT section). Both `isvit` and `brecq` reconstruct 500",
           "steps per unit at batch 32 here (`--set batch=32 --set iters=500`; isvit's default is the official 1 000 at batch",
           "64, 200 above 4 bits); at W3A3 that leaves both far from converged on the hybrids, so a lead there is one at equal,",
           "short budgets: the reconstruction budget section measures how it shrinks with more steps.", ""]
    for model in models:
        rows = [(m, model, m, ()) for m in BASELINES] + [("isvit", model, "isvit", ())]
        lines, used = grid(store, rows, bits)
        out += [f"### {model}", "", fp_line(used), ""] + lines + times_line([u for u in used if u[0] == "isvit"]) + [""]
        out += seeded_reading(store, model, rows, bits, "isvit")
    return out


SOFTMAX = ["uniform", "log2", "sulq"]
ABLATION_ITERS = 100


def isvit_ablation_section(store, models):
    out = ["## I&S-ViT ablation", "",
           "The post-Softmax quantizer (`--set softmax_quantizer=uniform|log2|sulq`) crossed with SOS on or off (`--set sos=off`:",
           f"one block reconstruction with every activation per tensor). To fit the grid in the time budget every cell uses",
           f"`--set iters={ABLATION_ITERS}` reconstruction steps per stage at batch 32 (the defaults are 1 000 at batch 64 at 3–4",
           "bits); all else is default.", ""]
    for model in [m for m in models if m in TRANSFORMERS]:
        rows = []
        for sos in ("on", "off"):
            for sm in SOFTMAX:
                options = [("iters", str(ABLATION_ITERS)), ("softmax_quantizer", sm)]
                if sos == "off":
                    options.append(("sos", "off"))
                rows.append((f"softmax {sm}, SOS {sos}", model, "isvit", tuple(options)))
        lines, _ = grid(store, rows, [4, 3])
        out += [f"### {model}", ""] + [l.replace("| method |", "| isvit variant |", 1) for l in lines] + [""]
    return out


def ivit_section(store, models):
    tuned = (("finetune_epochs", "1"),)
    out = ["## I-ViT (integer-only)", "",
           "`ivit` W8A8: int8 weights per output channel, every activation step fitted on 256 calibration images run through",
           "the integer model itself; Shiftmax, ShiftGELU, I-LayerNorm and 16-bit residual adds. `finetune_epochs=1` first",
           "trains the float weights for one epoch of the train split through a fake-quantized copy of the integer engine",
           "(8-bit symmetric steps, attention probabilities on Shiftmax's 2^-8 grid, ShiftGELU's x·σ(1.702x)), keeping the",
           "better of the start and the epoch on 2000 held-out training images. Top-1 is measured with the fast integer engine",
           "(the reference engine gives bit-identical logits).", "",
           "| model | FP32 | ivit W8A8 | difference | fine-tuned 1 epoch | difference |", "|---|---:|---:|---:|---:|---:|"]

    def cells(r):
        return [f"{r['top1']:.4f}", f"{100 * (r['top1'] - r['fp_top1']):+.2f} pts"] if r else ["—", "—"]

    for model in [m for m in models if m in TRANSFORMERS]:
        plain, ft = store.get(Run(model, "ivit", 8)), store.get(Run(model, "ivit", 8, tuned))
        fp = plain or ft
        out.append("| " + " | ".join([model, f"{fp['fp_top1']:.4f}" if fp else "—"] + cells(plain) + cells(ft)) + " |")
    return out + [""]


def modcap_section(store, models):
    bits = [4, 3, (2, 4)]
    out = ["## Oscillation-aware PTQ (modcap)", "",
           "`modcap` with default options except 500 steps per unit (data-dependent capacity: each unit's relative output",
           "loss after a plain BRECQ pass; the top-2 most different neighbour pairs reconstructed jointly; a merged unit of",
           "k units gets k times the steps, so modcap spends brecq's total budget) against `brecq` at the same 500 steps,",
           "with the same calibration images and seed.",
           "`merged_iters=same` gives a merged unit as many steps as a single one, as the released code, so fewer in all.",
           "The oscillation index sums, where the loss along depth turns, the size of the turn. At 3 bits 500 steps leave",
           "`brecq` far from converged; the reconstruction budget table below shows how much of `modcap`'s gain remains with",
           "more steps.", ""]
    same = (("merged_iters", "same"),)
    for model in models:
        rows = [(m, model, m, ()) for m in ("brecq", "modcap")] + [("modcap, merged_iters=same", model, "modcap", same)]
        lines, used = grid(store, rows, bits)
        osc = []
        for label, b, r in used:
            if label.startswith("modcap") and "brecq_depth" in r.get("report", {}):
                rep = r["report"]
                osc.append(f"{label} {bits_label(b)}: {rep['brecq_depth']['oscillation_index']:.3f} → {rep['depth']['oscillation_index']:.3f}"
                           f" (merged {', '.join(rep['merged']) or 'none'})")
        out += [f"### {model}", "", fp_line(used), ""] + lines + [""] + seeded_reading(store, model, rows, bits, "modcap")
        if osc:
            out += ["Oscillation index, brecq → modcap:", ""] + [f"- {o}" for o in osc] + [""]
    return out


BUDGET_MODELS = ["mobilevit-fashion", "deit-fashion"]  # one hybrid, one transformer
BUDGET_ITERS = [500, 2000, 5000, 20000]  # 500 is the grids' budget (those cells are their W3A3 runs); 20 000 the default
SAME = (("merged_iters", "same"),)


# The official I&S-ViT code's budget at 3 and 4 bits: 1 000 steps per unit at batch 64.
ISVIT_OFFICIAL = (("iters", "1000"), ("batch", "64"))
ISVIT_OFFICIAL_ALIKE = 2000  # our steps (batch 32) that see as many images as the official budget


def budget_run(model, method, iters, extra=(), seed=0):
    """The W3A3 run of `method` at `iters` steps per unit, at the grids' batch; the 500-step cells are the grids' runs."""
    return Run(model, method, 3, (("iters", str(iters)),) + extra, seed)


def points(a, b):
    return f"{100 * (a['top1'] - b['top1']):+.1f}"


def budget_section(store, models):
    out = ["## Reconstruction budget", "",
           "Top-1 at W3A3 against the reconstruction steps per unit (`--set iters=N`; the default is BRECQ's 20 000, the",
           "grids above use 500), for `brecq`, `modcap` (whose merged units get proportionally more steps, so its second",
           "pass spends brecq's total) and, on the hybrid, `modcap` with `merged_iters=same` (a merged unit gets N steps,",
           "as the released code, so fewer in all), everything else default; and `isvit`, whose stages 1 and 3 each run N",
           "steps per unit at batch 32 (its default is the official code's 1 000 at batch 64). Cells are filled cheapest",
           "first; a — did not fit yet.", ""]
    for model in [m for m in BUDGET_MODELS if m in models]:
        # merged_iters=same only where the question is: on the hybrid, modcap's gains vanish with it at 500 steps.
        rows = [("brecq", "brecq", ()), ("modcap", "modcap", ())]
        if model in HYBRIDS:
            rows.append(("modcap, merged_iters=same", "modcap", SAME))
        rows.append(("isvit", "isvit", ()))
        cells = {}
        for iters in BUDGET_ITERS:  # columns outermost: the cheap budgets of every method run before the dear ones
            for label, method, extra in rows:
                cells[label, iters] = store.get(budget_run(model, method, iters, extra))
        fp = next((r for r in cells.values() if r), None)
        out += [f"### {model}", "", f"FP32 top-1: **{fp['fp_top1']:.4f}**" if fp else "FP32 top-1: —", "",
                "| method | " + " | ".join(f"{i} steps" for i in BUDGET_ITERS) + " |",
                "|---|" + "---:|" * len(BUDGET_ITERS)]
        for label, method, extra in rows:
            out.append(f"| {label} | " + " | ".join(seeded_top1(store, budget_run(model, method, i, extra), cells[label, i])
                                                     for i in BUDGET_ITERS) + " |")
        out.append("")
        for method in ("brecq", "isvit"):  # modcap's lead is in the reading below, judged against the seeds' spread
            gains = [f"{a} → {b}: {points(cells[method, b], cells[method, a])}"
                     for a, b in zip(BUDGET_ITERS, BUDGET_ITERS[1:]) if cells[method, a] and cells[method, b]]
            if gains:
                out.append(f"- `{method}` gains (points, seed-0 runs) from one budget to the next: {', '.join(gains)}.")
        official = store.get(Run(model, "isvit", 3, ISVIT_OFFICIAL))
        if official:
            alike = cells["isvit", ISVIT_OFFICIAL_ALIKE]
            out.append(f"- `isvit` at the official code's budget, 1 000 steps per unit at batch 64 (`--set iters=1000 --set batch=64`,"
                       f" as many images as {ISVIT_OFFICIAL_ALIKE} of our steps at batch 32): {top1(official)}"
                       + (f", {points(official, alike)} points from those {ISVIT_OFFICIAL_ALIKE} steps" if alike else "")
                       + f" ({official['seconds']:.0f} s, {threads_of(official)}).")
        times = [f"{label} {i}: {cells[label, i]['seconds']:.0f} s" + ("" if threads_of(cells[label, i]) == "1 thread" else f" ({threads_of(cells[label, i])})")
                 for i in BUDGET_ITERS for label, _, _ in rows if cells[label, i]]
        out += ["", "Wall time, one LibTorch thread unless it says otherwise: " + ", ".join(times) + "." if times else "", ""]
    out += budget_reading(store, [m for m in BUDGET_MODELS if m in models])
    return out


SPREAD_ITERS, SPREAD_SEEDS = 2000, [0, 1, 2]  # brecq W3A3 at this budget, run with each seed: the cells' spread


def budget_reading(store, models):
    """The section's conclusions, worded from the stored cells so that they follow the runs."""
    def cell(model, method, iters, extra=(), seed=0):
        return store.get(budget_run(model, method, iters, extra, seed))

    out = ["What it shows:", ""]
    for model in models:
        seeded = [r["top1"] for r in (cell(model, "brecq", SPREAD_ITERS, seed=sd) for sd in SPREAD_SEEDS) if r]
        spread = 100 * (max(seeded) - min(seeded)) if len(seeded) >= 2 else None
        if spread is not None:
            out.append(f"- {model}: `brecq` at {SPREAD_ITERS} steps with seeds {', '.join(map(str, SPREAD_SEEDS[:len(seeded)]))} "
                       f"(calibration images and optimisation): {', '.join(f'{t:.4f}' for t in seeded)}, a spread of {spread:.1f} points.")

        def versus(points):  # a difference of two cells varies √2 times as much as one cell
            if spread is None:
                return "one seed, so no claim"
            return "beyond the spread" if abs(points) > spread * 2 ** 0.5 else "within the spread"

        brecq = [(i, r) for i, r in ((i, cell(model, "brecq", i)) for i in BUDGET_ITERS) if r]
        if len(brecq) >= 2:
            (i0, r0), (i1, r1) = brecq[-2], brecq[-1]
            gain = 100 * (r1["top1"] - r0["top1"])
            out.append(f"- {model}: `brecq` gains {gain:+.1f} points from {i0} to {i1} steps ({versus(gain)}).")
        leads = [(i, 100 * (m["top1"] - b["top1"])) for i in BUDGET_ITERS
                 for b, m in [(cell(model, "brecq", i), cell(model, "modcap", i))] if b and m]
        if leads:
            out.append(f"- {model}: `modcap` − `brecq` at equal steps: "
                       + ", ".join(f"{d:+.1f} at {i} ({versus(d)})" for i, d in leads) + ".")
            (ia, la), (ib, lb) = leads[0], leads[-1]
            if len(leads) >= 2 and la > 0:
                out.append(f"  Of the lead at {ia} steps, {100 * (1 - lb / la):.0f} % is gone at {ib}: that much of it was `brecq`'s"
                           " under-convergence, not merging.")
        isvit = [(i, 100 * (v["top1"] - b["top1"])) for i in BUDGET_ITERS
                 for b, v in [(cell(model, "brecq", i), cell(model, "isvit", i))] if b and v]
        if isvit:
            out.append(f"- {model}: `isvit` − `brecq` at equal steps: " + ", ".join(f"{d:+.1f} at {i} ({versus(d)})" for i, d in isvit) + ".")
        if model in HYBRIDS:
            same = [(i, 100 * (m["top1"] - b["top1"])) for i in BUDGET_ITERS
                    for b, m in [(cell(model, "brecq", i), cell(model, "modcap", i, SAME))] if b and m]
            if same:
                out.append(f"- {model}: `modcap, merged_iters=same` − `brecq` (merged units jointly, without their extra steps): "
                           + ", ".join(f"{d:+.1f} at {i} ({versus(d)})" for i, d in same) + ".")
            extra = [(i, 100 * (m["top1"] - same_steps["top1"])) for i in BUDGET_ITERS
                     for same_steps, m in [(cell(model, "modcap", i, SAME), cell(model, "modcap", i))] if same_steps and m]
            if extra:  # modcap − brecq = (modcap − same: the extra steps) + (same − brecq: merging itself)
                out.append(f"  So of `modcap`'s lead, the merged units' extra steps (`modcap` − `merged_iters=same`) are "
                           + ", ".join(f"{d:+.1f} at {i} ({versus(d)})" for i, d in extra) + "; the rest is merging itself.")
    out += ["", "modcap's second pass spends brecq's total steps; its first, a plain BRECQ pass that measures the capacities,",
            "comes on top (hence its wall time). A difference of two cells is called beyond the spread when it exceeds √2",
            "times the range of the three seeded cells. `brecq` and `modcap` default to BRECQ's 20 000 steps per unit, the",
            "longest budget here: where a curve still rises at the end, any shorter default would under-train. `isvit`",
            "defaults to the official code's budget, 1 000 steps at batch 64 (the line on the official budget above): no",
            "different on the transformer, and on the hybrid short of what 5 000 or 20 000 steps give, as its row shows.", ""]
    return out if len(out) > 5 else []


HYBRIDS = ["mobilevit-fashion", "mobilevitv2-fashion"]
QHYVIT_ABLATION = [  # each row adds one of Q-HyViT's choices to the previous one
    ("qhyvit: scale only", (("granularity_search", "off"), ("scheme_search", "off"), ("bridge", "off"))),
    ("+ granularity", (("scheme_search", "off"), ("bridge", "off"))),
    ("+ scheme", (("bridge", "off"),)),
    ("+ bridge (= qhyvit)", ()),
    ("qhyvit, official code's shortcut", (("code_shortcut", "on"),)),
    ("qhyvit, ranges widened to contain 0", (("range_includes_zero", "on"),)),
    ("qhyvit, any input per channel (fake-quant only)", (("fake_quant_granularity", "on"),)),
]


def qhyvit_section(store, models):
    out = ["## Q-HyViT on the hybrid models", "",
           "Weights and every matmul input quantized, Softmax and normalisation in float (the paper's Table II setting).",
           "`qhyvit` folds BatchNorm into the convolutions and calibrates on 32 images (`--calib 32`, as the paper); the",
           "others use 1024. `isvit` and `brecq` run the grids' 500 steps per unit at batch 32. `isvit`'s stage 2 folds every channel-wise",
           "post-norm step into one per tensor on both hybrids: LayerNorm → Linear in MobileViT v1, one-group GroupNorm →",
           "1×1 convolution (qkv_proj and fc1) in v2, with the same algebra; each run lists the folded layers under",
           "`report.reparameterized`.", "",
           "`qhyvit`'s asymmetric ranges are the measured ones with each zero-point stored in the code range (b bits), the",
           "paper's premise: a channel that is all positive or all negative overflows its zero-point and loses part of its",
           "range (challenge C2), which the scheme search can avoid; each layer reports `zero_point_overflow_channels`.",
           "Inputs are per channel only where an integer kernel can apply such scales (depthwise convolutions), so every",
           "`qhyvit` row here is deployable (`report.summary.deployable`), like the per-tensor baselines. `isvit`'s",
           "channel-wise steps are folded to per tensor too, but its zero-points are left unclamped, as its code, so they",
           "need not fit in b bits. Only the ablation's fake-quant row lets Linear and ordinary convolution inputs be",
           "per channel, along the GEMM's reduction axis, where no integer kernel can factor the scales out.", ""]
    ablation = ["### Q-HyViT ablation", "",
                "Each row adds one of Q-HyViT's choices to the row above: the per-layer input granularity, the scheme, and the",
                "bridge-block objective (the full method); granularity means per-channel inputs for depthwise convolutions. Then",
                "the official code's shortcut (symmetric only, inputs of grouped convolutions per channel and all others per",
                "tensor) with the bridge objective; the full method with every range widened to contain 0, where no zero-point",
                "can overflow and the scheme search has less to fix; and the full method allowed per-channel inputs on every",
                "layer, which only fake quantization can run (not deployable).", ""]
    full = ["### Full quantization", "",
            "`--set full=on`: the inputs of every Softmax and LayerNorm/GroupNorm are quantized too, per tensor, with each",
            "method's activation ranges (the paper's Table III setting, where it compares with FQ-ViT).", ""]
    for model in [m for m in models if m in HYBRIDS]:
        rows = [(m, model, m, ()) for m in BASELINES + ["isvit"]] + [("qhyvit", model, "qhyvit", ())]
        lines, used = grid(store, rows, [8, 6, (4, 8), 4])
        out += [f"### {model}", "", fp_line(used), ""] + lines + times_line([u for u in used if u[0] == "qhyvit"]) + [""]
        out += seeded_reading(store, model, rows, [(4, 8), 4], "qhyvit")
        lines, used = grid(store, [(label, model, "qhyvit", options) for label, options in QHYVIT_ABLATION], [8, 4])
        ablation += [f"#### {model}", "", fp_line(used), ""] + lines + [""]
        lines, used = grid(store, [(m, model, m, (("full", "on"),)) for m in ("minmax", "percentile", "qhyvit")], [8, 6])
        full += [f"#### {model}", "", fp_line(used), ""] + lines + [""]
    return out + ablation + full


QVIT_ABLATION = [  # Q-ViT's two additions, alone and together, on the same LSQ QAT baseline; None = every transformer
    ("LSQ QAT baseline", (("irm", "off"), ("dgd", "off")), None),
    ("+ IRM (per token, as released)", (("dgd", "off"),), None),
    ("+ IRM (calibration statistics)", (("irm_statistics", "calibration"), ("dgd", "off")), None),
    ("+ DGD", (("irm", "off"),), None),
    ("qvit (IRM + DGD)", (), None),
    ("qvit, irm_statistics=calibration", (("irm_statistics", "calibration"),), {"deit-fashion"}),
]
# Weight learning rates tried beside the default on DeiT W4A4, for the variants that decided it: at the old
# default (0.001) the baseline and "+ DGD" never beat their calibrated start; at the default (0.0001) "+ IRM
# (calibration statistics)" does not either, so 3e-5 was tried for every variant that starts as the calibrated
# model. The default's runs are the ablation's.
QVIT_LR_TRIED = {"LSQ QAT baseline": ["0.001", "0.0003", "0.00003"], "+ IRM (calibration statistics)": ["0.00003"],
                 "+ DGD": ["0.001", "0.00003"], "qvit, irm_statistics=calibration": ["0.00003"]}
# The variant no rate moved past its start, at the default rate with a longer schedule: its 2-epoch run ends level
# with its start after a dip, so the question is whether more epochs are what it lacks.
QVIT_LONGER = ("+ IRM (calibration statistics)", "4")


def threads_of(r):
    cmd = r.get("command", "").split()
    n = cmd[cmd.index("--threads") + 1] if "--threads" in cmd else "?"
    return f"{n} thread" + ("" if n == "1" else "s")


def qat_progress(label, b, r):
    """Held-out top-1 at the calibrated start and at the kept epoch, as one bullet."""
    rep = r["report"]
    return (f"- {label} {bits_label(b)}, lr {r['options']['lr']:g}: {rep['start_val_top1']:.4f} → {rep['best_val_top1']:.4f} "
            f"(epoch {rep['best_epoch']} of {len(rep['epochs'])}), {r['seconds'] / 60:.0f} min with {threads_of(r)}")


def qvit_lr_lines(store, model):
    """Each variant at every learning rate tried, W4A4: does it train past its calibrated start?"""
    options = {label: o for label, o, _ in QVIT_ABLATION}
    lines = ["| variant | weight lr | held-out start | best held-out (epoch) | test top-1 |", "|---|---:|---:|---:|---:|"]
    reading, never, default_best = [], [], True
    for label, tried in QVIT_LR_TRIED.items():
        runs = [store.get(Run(model, "qvit", 4, options[label] + (("lr", lr),))) for lr in tried]
        default = store.get(Run(model, "qvit", 4, options[label]))
        runs.append(default)
        runs = sorted((r for r in runs if r), key=lambda r: -r["options"]["lr"])
        for r in runs:
            rep = r["report"]
            lines.append(f"| {label} | {r['options']['lr']:g} | {rep['start_val_top1']:.4f} | {rep['best_val_top1']:.4f} ({rep['best_epoch']}) "
                         f"| {r['top1']:.4f} |")
        reading.append(qvit_lr_reading(label, runs))
        if runs and all(r["report"]["best_epoch"] == 0 for r in runs):
            never.append(label)
        default_best = default_best and bool(runs) and default is max(runs, key=lambda r: r["top1"])
    if never:
        reading.append(f"- Never above its start at any rate tried: {', '.join(never)}; no rate is usable by the rule above."
                       + (" The default gives every variant its best test top-1 of the rates tried." if default_best else ""))
    label, epochs = QVIT_LONGER
    short = store.get(Run(model, "qvit", 4, options[label]))
    longer = store.get(Run(model, "qvit", 4, options[label] + (("epochs", epochs),)))
    if short and longer:
        def course(r):
            rep = r["report"]
            return " → ".join(f"{v:.4f}" for v in [rep["start_val_top1"]] + [e["val_top1"] for e in rep["epochs"]])
        reading.append(f"- {label} at the default rate for {epochs} epochs instead of {len(short['report']['epochs'])}: held-out "
                       f"{course(longer)} (best at epoch {longer['report']['best_epoch']}), test top-1 {longer['top1']:.4f}; "
                       f"{len(short['report']['epochs'])} epochs: {course(short)}, test {short['top1']:.4f}"
                       f" ({longer['seconds'] / 60:.0f} min with {threads_of(longer)}).")
    return lines + [""] + reading


def qvit_lr_reading(label, runs):
    """One variant's held-out gain over its start at each rate tried, and the rate with the best test top-1."""
    def gain(r):
        g = r["report"]["best_val_top1"] - r["report"]["start_val_top1"]
        return f"{g * 100:+.1f}" if r["report"]["best_epoch"] > 0 else "never above its start"
    best = max(runs, key=lambda r: r["top1"])
    return (f"- {label}: held-out gain over the start " + ", ".join(f"at {r['options']['lr']:g} {gain(r)}" for r in runs) +
            f"; best test top-1 at {best['options']['lr']:g}.")


def qvit_reading(runs, bits, seeded):
    """What the default rate's runs at one bit width show, each against the sampling error of the split it is read on.
    `seeded`: the ablation's cells at these bits have several seeds, whose spread reading replaces the one-seed one."""
    if not runs:
        return []
    n_val = runs[0][2]["options"]["val_images"]

    def per_token(r):  # IRM as released normalises each token, which changes the function at the start
        return r["options"].get("irm") is True and r["options"].get("irm_statistics", "token") == "token"

    identity = [(label, b, r) for label, b, r in runs if not per_token(r)]
    changed = [(label, b, r) for label, b, r in runs if per_token(r)]
    identity_start = max((r["report"]["start_val_top1"] for _, _, r in identity), default=None)
    reference = identity_start if identity_start is not None else runs[0][2]["report"]["start_val_top1"]
    val_error = (reference * (1 - reference) / n_val) ** 0.5
    lr = runs[0][2]["options"]["lr"]

    def points(x):
        return f"{x * 100:+.1f}"

    gains = [(label, r["report"]["best_val_top1"] - r["report"]["start_val_top1"]) for label, _, r in identity]
    above = [f"{label} ({points(g)})" for label, g in gains if g > val_error]
    within = [f"{label} ({points(g)})" for label, g in gains if g <= val_error]
    lines = [f"At the default rate ({lr:g}), W{bits}A{bits}, on the {n_val} held-out images (sampling error about ±{val_error * 100:.1f}"
             f" points), the variants that start as the calibrated model: above their start by more than that: {', '.join(above) or 'none'}; "
             f"within it: {', '.join(within) or 'none'}."]
    if changed:
        where = f" ({identity_start:.3f})" if identity_start is not None else ""
        lines.append(f"Per-token IRM changes the function, so these start elsewhere than the calibrated model{where}: " +
                     ", ".join(f"{label} ({r['report']['start_val_top1']:.3f} → {r['report']['best_val_top1']:.3f})" for label, _, r in changed) + ".")
    # The test split is five times larger: a run that kept its start gives the start's test top-1 to compare with.
    kept_start = [r["top1"] for _, _, r in identity if r["report"]["best_epoch"] == 0]
    trained = [(label, r["top1"]) for label, _, r in runs if r["report"]["best_epoch"] > 0]
    if kept_start and trained:
        start_top1 = min(kept_start)
        n_test = runs[0][2]["n"]
        test_error = (start_top1 * (1 - start_top1) / n_test) ** 0.5
        lines.append(f"On the {n_test} test images (±{test_error * 100:.1f} points) against the calibrated start's {start_top1:.4f} "
                     f"(a run that kept it): " + ", ".join(f"{label} {points(t - start_top1)}" for label, t in trained) + ".")
    return lines if seeded else lines + qvit_against_baseline(runs)


def qvit_against_baseline(runs):
    """Each variant's test top-1 against the LSQ baseline's at the same bits. One seed each: the error of a
    difference of two independent test accuracies is √2 times one's sampling error; seeds move training more."""
    baseline = next((r for label, _, r in runs if label == QVIT_ABLATION[0][0]), None)
    others = [(label, r["top1"]) for label, _, r in runs if r is not baseline]
    if baseline is None or not others:
        return []
    p, n = baseline["top1"], baseline["n"]
    difference_error = (2 * p * (1 - p) / n) ** 0.5
    beyond = [f"{label} ({(t - p) * 100:+.1f})" for label, t in others if abs(t - p) > 2 * difference_error]
    inside = [f"{label} ({(t - p) * 100:+.1f})" for label, t in others if abs(t - p) <= 2 * difference_error]
    return [f"Against the LSQ baseline's test {p:.4f}, one seed each (two sampling errors of a difference: ±{2 * difference_error * 100:.1f} "
            f"points): beyond that: {', '.join(beyond) or 'none'}; within it: {', '.join(inside) or 'none'}."]


def qvit_section(store, models):
    bits = [4, 3, 2]
    out = ["## Q-ViT (quantization-aware training)", "",
           "`qvit` trains the quantized model from the float one (its teacher) on the Fashion-MNIST train split: LSQ steps",
           "for the symmetric per-channel weights, LSQ+ steps and offsets for every activation (per head for q, k, v and",
           "the attention probabilities), patch embedding and classifier at 8 bits, DeiT hard distillation, default options",
           "otherwise (each run's JSON lists them under `options`, the weight learning rate among them). The best epoch on",
           "2000 held-out training images is kept. IRM is read two ways: per token over head_dim (the released code's",
           "LayerNorm, which drops each token's mean and norm, so it does not start as the calibrated model) or with per-channel",
           "statistics of the calibration images (starts as the identity). The PTQ rows are the same-bits runs of the",
           "methods above, for contrast. Cells with `(n)` have n seeds (seed 1 and 2 from `vitquant sweep`, docs/sweeps);",
           "the held-out readings under the table are of the seed-0 runs, the seeded reading at the end of the means.", ""]
    for model in [m for m in models if m in TRANSFORMERS]:
        rows = [(m, model, m, ()) for m in BASELINES + ["isvit"]] + [(label, model, "qvit", o) for label, o, only in QVIT_ABLATION
                                                                    if only is None or model in only]
        lines, used = grid(store, rows, bits)
        trained = [u for u in used if u[2]["method"] == "qvit"]
        out += [f"### {model}", "", fp_line(used), ""] + lines + [""]
        if trained:
            out += ["Held-out top-1 at the calibrated start → at the kept epoch (0 = the start was never beaten), and wall time:"]
            out += [qat_progress(label, b, r) for label, b, r in trained] + [""]
        if model == "deit-fashion":
            out += ["#### Weight learning rate", "",
                    "AdamW with a cosine schedule, W4A4. A rate is usable when every variant ends above its calibrated start on",
                    "the held-out images; the ablation above uses the default.", ""] + qvit_lr_lines(store, model) + [""]
        cells = seeded_cells(store, model, rows, bits)
        seeded_bits = {b for label, b in cells if label == QVIT_ABLATION[0][0]}
        for b in bits:
            reading = qvit_reading([u for u in trained if u[1] == b], b, b in seeded_bits)
            out += reading + ([""] if reading else [])
        out += qvit_seeded_reading(cells)
    return out


def qvit_seeded_reading(cells):
    """Over the cells with several seeds: each addition against the LSQ baseline, and the QAT runs against the
    reconstruction PTQ methods (brecq, isvit) at the same bits."""
    baseline, full = QVIT_ABLATION[0][0], "qvit (IRM + DGD)"
    lines = []
    for label, _, _ in QVIT_ABLATION[1:]:
        lines += spread_reading(cells, label, against={baseline})
    for label in (baseline, full):
        lines += spread_reading(cells, label, against={"brecq", "isvit"})
    if not lines:
        return []
    return ["Seeded cells (their seeds made with `vitquant sweep`, see docs/sweeps): the seed-0 runs above are one of the",
            "seeds; each difference is of the means over seeds.", ""] + lines + [""]


SECTIONS = {"engine": engine_section, "isvit": isvit_section, "isvit-ablation": isvit_ablation_section, "ivit": ivit_section,
            "modcap": modcap_section, "budget": budget_section, "qhyvit": qhyvit_section, "qvit": qvit_section}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sections", default=",".join(SECTIONS), help="which sections to run (all are written)")
    ap.add_argument("--models", default=",".join(ALL_MODELS), help="which models to run (all are written)")
    ap.add_argument("--bits", default="8,6,4,3,2", help="which weight bit widths to run (all are written)")
    ap.add_argument("--methods", default="", help="which methods to run (default all; all are written)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--vitquant", default=os.path.join(ROOT, "build", "app", "vitquant"))
    ap.add_argument("--runs", default=os.path.join(ROOT, "docs", "runs"))
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "results.md"))
    ap.add_argument("--rerun", action="store_true", help="measure again even if a run file exists")
    ap.add_argument("--no-run", action="store_true", help="never run; missing cells show as —")
    ap.add_argument("--list", action="store_true", help="list the selected runs and whether they are stored, then stop")
    args = ap.parse_args()
    chosen_sections = [s for s in args.sections.split(",") if s]
    chosen_models = [m for m in args.models.split(",") if m]
    args.methods = {m for m in args.methods.split(",") if m}
    args.bits = {int(b) for b in args.bits.split(",") if b}  # a W2A4 run counts as its weight bits, 2
    for s in chosen_sections:
        if s not in SECTIONS:
            sys.exit(f"error: --sections: unknown section '{s}' (have {', '.join(SECTIONS)})")

    if args.list:
        args.no_run = True
    # First pass: run what the selection needs. Second pass: write every section from stored runs only.
    if not args.no_run:
        for s in chosen_sections:
            SECTIONS[s](Store(args), chosen_models)
    args.no_run = True
    store = Store(args)
    body = []
    for name, section in SECTIONS.items():
        body += section(store, ALL_MODELS)
    if args.list:
        for run in store.missing.values():
            if run.model in chosen_models:
                print("missing:", os.path.relpath(run.file(args.runs), ROOT))
        return

    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    head = [
        "# Results",
        "",
        "Generated by `scripts/results.py` from `vitquant quantize --json` runs; do not edit by hand. The runs, each with",
        "its command, are in `docs/runs/`.",
        f"Written at commit {commit}, {datetime.date.today().isoformat()}, {platform.machine()}, {os.cpu_count()} cores;"
        f" the runs used {' or '.join(sorted(store.threads_used)) or '?'} LibTorch thread(s) each.",
        "Wall times are as measured, sometimes with other jobs sharing the cores.",
        "",
        "Top-1 on the full Fashion-MNIST test split (10 000 images); calibration on 1024 images of the train split (seed 0).",
        "A — is a run not made yet.",
        "",
        "How to read the comparisons: a cell is one run with seed 0, or, where it reads `mean ± std (n)`, the mean and sample",
        "standard deviation over n seeds (as `vitquant sweep table` computes them, from the seeded runs in docs/runs and the",
        "sweep folders in docs/sweeps); another seed moves a cell by about ±0.3 point at 6–8 bits and more at 3–4 bits, so",
        "smaller differences between single-seed cells are not evidence. A run repeats bit for bit with the same seed,",
        "thread count and CPU (`quantize --json` now records `threads` and `cpu_isa`); another thread count or CPU",
        "rounds float sums differently, which reconstruction and training amplify to about a seed's spread, and a seeded",
        "cell may combine runs made on different CPUs. Every post-training row uses granularities integer kernels can",
        "run (activations per tensor, folded, or per channel only on depthwise convolutions) except where a row says",
        "fake-quant only; `isvit` keeps its zero-points unclamped, as its code.",
        "Reconstruction budgets: `brecq` and `modcap` run 500 steps per unit in the grids, a fortieth of their default",
        "(BRECQ's 20 000), to fit on one machine, and `isvit` the same 500 steps per unit and stage at batch 32 (its",
        "default is the official code's 1 000 steps at batch 64, 200 above 4 bits: at 3–4 bits the grids give it a quarter",
        "of the images); the budget section shows what that costs each of them at W3A3.",
        "",
    ]
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out + ".tmp", "w") as f:
        f.write("\n".join(head + body).rstrip() + "\n")
    os.replace(args.out + ".tmp", args.out)
    print("wrote", args.out, file=sys.stderr)


if __name__ == "__main__":
    main()
