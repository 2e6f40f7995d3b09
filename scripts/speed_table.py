#!/usr/bin/env python3
"""Measures the integer-only engine against LibTorch FP32 and writes docs/speed.md.

Each cell comes from one `vitquant bench --json` run, which times FP32 and the integer engine on every ISA
path this CPU has in interleaved rounds (medians over rounds), so every ratio in a row was measured under the
same conditions. The runs are stored with their command and the CPU in docs/speed/<cpu>/<model>-b<B>-t<T>.json
and the page is regenerated from all stored runs, one section per CPU. With --peers, bench/peers/compare.sh
adds ONNX Runtime (FP32 and dynamic int8) in its own interleaved rounds. Nothing here is typed by hand.

  scripts/speed_table.py                  # run what is missing for this CPU, then rewrite docs/speed.md
  scripts/speed_table.py --rerun --peers  # measure again, with the ONNX Runtime comparison
  scripts/speed_table.py --no-run         # rewrite the page from the stored runs only
"""
import argparse
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODELS = ["arch:deit_small_patch16_224", "arch:swin_tiny_patch4_window7_224"]
BATCHES = [8, 1]
THREADS = [2, 1]
ISAS = ["avx2", "avxvnni", "avx512vnni"]


def cpu_info():
    name, flags = "unknown CPU", []
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name") and name == "unknown CPU":
                name = line.split(":", 1)[1].strip()
            if line.startswith("flags") and not flags:
                flags = line.split(":", 1)[1].split()
    isas = [isa for isa, flag in (("avx2", "avx2"), ("avxvnni", "avx_vnni"), ("avx512vnni", "avx512_vnni")) if flag in flags]
    return {"name": name, "cores": os.cpu_count(), "isas": isas}


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def run_bench(vitquant, model, batch, threads, repeats):
    cmd = [vitquant, "bench", "--model", model, "--batch", str(batch), "--threads", str(threads), "--repeats", str(repeats), "--json"]
    print("+", " ".join(cmd), file=sys.stderr, flush=True)
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    result = json.loads(out)
    result["command"] = " ".join(["vitquant"] + cmd[1:])
    return result


def fmt_ratio(x):
    return f"{x:.2f}×"


def section(cpu, runs, peers):
    lines = [f"## {cpu['name']} ({cpu['cores']} logical cores; ISA paths: {', '.join(['portable'] + cpu['isas'])})", ""]
    isas = [i for i in ISAS if i in cpu["isas"]]
    head = "| model | batch | threads | LibTorch FP32 ms | " + " | ".join(f"integer {i} ms (× FP32)" for i in isas) + " |"
    lines += [head, "|" + "---|" * (4 + len(isas))]
    for r in runs:
        cells = [r["model"].removeprefix("arch:"), str(r["batch"]), str(r["threads"]), f"{r['fp32']['ms_per_batch']:.1f}"]
        by_isa = r.get("int_by_isa", {})
        for isa in isas:
            t = by_isa.get(isa)
            cells.append(f"{t['ms_per_batch']:.1f} ({fmt_ratio(t['speedup'])})" if t else "—")
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    if peers:
        lines += [f"ONNX Runtime beside them: `bench/peers/compare.sh --batch {peers['batch']} --threads {peers['threads']} "
                  f"--rounds {peers['rounds']}` on {peers['model'].removeprefix('arch:')}, {peers['rounds_measured']} interleaved "
                  "rounds; each ratio is taken within a round, then the median over rounds.", "",
                  "| engine | ms / batch | × LibTorch FP32 | × ONNX Runtime int8 | per-round ms |", "|---|---:|---:|---:|---|"]
        for key in ("libtorch_fp32", "vitquant_int", "ort_fp32", "ort_int8"):
            e = peers["engines"].get(key)
            if e:
                rounds = " / ".join(f"{ms:.1f}" for ms in e["per_round_ms"])
                lines.append(f"| {e['label']} | {e['ms_per_batch']:.1f} | {fmt_ratio(e['speed_vs_libtorch_fp32'])} | "
                             f"{fmt_ratio(e['speed_vs_ort_int8'])} | {rounds} |")
        lines.append("")
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--vitquant", default=os.path.join(ROOT, "build", "app", "vitquant"))
    ap.add_argument("--repeats", type=int, default=10)
    ap.add_argument("--rerun", action="store_true", help="measure again even where a stored run exists")
    ap.add_argument("--no-run", action="store_true", help="only rewrite docs/speed.md from stored runs")
    ap.add_argument("--peers", action="store_true", help="also run bench/peers/compare.sh (ONNX Runtime)")
    args = ap.parse_args()

    cpu = cpu_info()
    store = os.path.join(ROOT, "docs", "speed", slug(cpu["name"]) + f"-{cpu['cores']}c")
    if not args.no_run:
        os.makedirs(store, exist_ok=True)
        with open(os.path.join(store, "cpu.json"), "w") as f:
            json.dump(cpu, f, indent=1)
        for model in MODELS:
            for batch in BATCHES:
                for threads in THREADS:
                    path = os.path.join(store, f"{slug(model)}-b{batch}-t{threads}.json")
                    if os.path.exists(path) and not args.rerun:
                        continue
                    result = run_bench(args.vitquant, model, batch, threads, args.repeats)
                    with open(path + ".tmp", "w") as f:
                        json.dump(result, f, indent=1)
                    os.replace(path + ".tmp", path)
        if args.peers:
            out = os.path.join(store, "peers.json")
            cmd = ["bash", os.path.join(ROOT, "bench", "peers", "compare.sh"), "--rounds", "3", "--batch", "8", "--threads", "2",
                   "--json", out + ".tmp"]
            print("+", " ".join(cmd), file=sys.stderr, flush=True)
            subprocess.run(cmd, check=True)
            os.replace(out + ".tmp", out)

    lines = ["# Integer-only inference speed", "",
             "Written by `scripts/speed_table.py` from `vitquant bench --json` runs stored in `docs/speed/`; each row is one",
             "run in which LibTorch FP32 and the integer engine on every ISA path take turns (interleaved rounds, medians),",
             "so its ratios were measured under the same conditions. Weights are `arch:` seeded random ones (speed does",
             "not depend on their values). All integer paths give bit-identical logits. The avx2 and avxvnni columns are",
             "those paths forced on the CPU named in the heading (`--isa`), not a CPU that has only them.", ""]
    speed_dir = os.path.join(ROOT, "docs", "speed")
    for entry in sorted(os.listdir(speed_dir)) if os.path.isdir(speed_dir) else []:
        folder = os.path.join(speed_dir, entry)
        if not os.path.isfile(os.path.join(folder, "cpu.json")):
            continue
        with open(os.path.join(folder, "cpu.json")) as f:
            cpu_entry = json.load(f)
        runs = []
        for model in MODELS:
            for batch in BATCHES:
                for threads in THREADS:
                    path = os.path.join(folder, f"{slug(model)}-b{batch}-t{threads}.json")
                    if os.path.exists(path):
                        with open(path) as f:
                            runs.append(json.load(f))
        peers = None
        if os.path.exists(os.path.join(folder, "peers.json")):
            with open(os.path.join(folder, "peers.json")) as f:
                peers = json.load(f)
        lines += section(cpu_entry, runs, peers)
    with open(os.path.join(ROOT, "docs", "speed.md"), "w") as f:
        f.write("\n".join(lines))
    print("wrote docs/speed.md", file=sys.stderr)


if __name__ == "__main__":
    main()
