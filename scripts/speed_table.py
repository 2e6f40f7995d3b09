#!/usr/bin/env python3
"""Measures the integer-only engine against LibTorch FP32 and writes docs/speed.md.

Each row comes from one `vitquant bench --wbits 8,4 --json` run, which times FP32 and the integer engine with
8- and 4-bit weights on every ISA path this CPU has in interleaved rounds (medians over rounds), so every ratio
in a row was measured under the same conditions. The runs are stored with their command and the CPU in
docs/speed/<cpu>/<model>-b<B>-t<T>.json, `vitquant bench --kernels --json` (the GEMM micro-kernels against
the CPU's instruction limits) in docs/speed/<cpu>/kernels.json, and the page is regenerated from all stored
runs, one section per CPU. With --peers, bench/peers/compare.sh adds ONNX Runtime (FP32 and dynamic int8) in
its own interleaved rounds. Nothing here is typed by hand.

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


WIDTHS = ["8", "4"]
NOT_HERE = "not on this CPU"


def run_bench(vitquant, model, batch, threads, repeats):
    cmd = [vitquant, "bench", "--model", model, "--batch", str(batch), "--threads", str(threads), "--repeats", str(repeats),
           "--wbits", ",".join(WIDTHS), "--json"]
    print("+", " ".join(cmd), file=sys.stderr, flush=True)
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    result = json.loads(out)
    result["command"] = " ".join(["vitquant"] + cmd[1:])
    return result


def fmt_ratio(x):
    return f"{x:.2f}×"


def width_cell(by_width, bits, isa):
    """ms (× FP32), and for 4-bit weights also × the same path's 8-bit time."""
    t = by_width.get(bits, {}).get(isa)
    if not t:
        return "—"
    cell = f"{t['ms_per_batch']:.1f} ({fmt_ratio(t['speedup'])}"
    w8 = by_width.get("8", {}).get(isa)
    if bits != "8" and w8:
        cell += f"; {fmt_ratio(w8['ms_per_batch'] / t['ms_per_batch'])} W8A8"
    return cell + ")"


def kernel_lines(kernels):
    lines = ["GEMM micro-kernels alone (`vitquant bench --kernels`): one thread, DeiT-S shapes (197 tokens), GMAC/s per core "
             "beside the throughput of the instructions each kernel repeats, measured on this CPU in a register-only loop "
             "(its limit; the portable path has none).", "",
             "| ISA | weights | GEMM (M×N×K) | GMAC/s per core | instruction limit | efficiency |", "|---|---|---|---:|---:|---:|"]
    for k in kernels["kernels"]:
        limit = k.get("limit_gmac_per_core")
        limit_cell = f"{limit:.1f}" if limit else "—"
        efficiency_cell = f"{100 * k['efficiency']:.0f} %" if limit else "—"
        lines.append(f"| {k['isa']} | {k['weight_bits']}-bit | {k['gemm']} ({k['m']}×{k['n']}×{k['k']}) | {k['gmac_per_core']:.1f} | "
                     f"{limit_cell} | {efficiency_cell} |")
    return lines + [""]


def section(cpu, runs, peers, kernels):
    lines = [f"## {cpu['name']} ({cpu['cores']} logical cores; ISA paths: {', '.join(['portable'] + cpu['isas'])})", ""]
    head = "| model | batch | threads | LibTorch FP32 ms | " + " | ".join(
        f"{isa} W{bits}A8 ms (× FP32{'; × W8A8' if bits != '8' else ''})" for isa in ISAS for bits in WIDTHS) + " |"
    lines += [head, "|" + "---|" * (4 + len(ISAS) * len(WIDTHS))]
    for r in runs:
        cells = [r["model"].removeprefix("arch:"), str(r["batch"]), str(r["threads"]), f"{r['fp32']['ms_per_batch']:.1f}"]
        by_width = r.get("int_by_wbits") or {"8": r.get("int_by_isa", {})}
        for isa in ISAS:
            for bits in WIDTHS:
                cells.append(width_cell(by_width, bits, isa) if isa in cpu["isas"] else NOT_HERE)
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    if kernels:
        lines += kernel_lines(kernels)
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
        kernels_path = os.path.join(store, "kernels.json")
        if args.rerun or not os.path.exists(kernels_path):
            cmd = [args.vitquant, "bench", "--kernels", "--json"]
            print("+", " ".join(cmd), file=sys.stderr, flush=True)
            result = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
            result["command"] = "vitquant bench --kernels --json"
            with open(kernels_path + ".tmp", "w") as f:
                json.dump(result, f, indent=1)
            os.replace(kernels_path + ".tmp", kernels_path)
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
             "not depend on their values); W4A8 has 4-bit weights in the transformer layers (the patch embedding and the",
             "classifier keep 8 bits) and 8-bit activations. All integer paths give bit-identical logits. Paths other than",
             "the best one of the CPU named in the heading are forced on it (`--isa`): they show what those instructions do",
             "on this core, not how a CPU that has only them would run; the kernel table's efficiencies (against each",
             "instruction sequence's own limit, measured on this CPU) are the figures that carry over.", ""]
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
        peers = kernels = None
        if os.path.exists(os.path.join(folder, "peers.json")):
            with open(os.path.join(folder, "peers.json")) as f:
                peers = json.load(f)
        if os.path.exists(os.path.join(folder, "kernels.json")):
            with open(os.path.join(folder, "kernels.json")) as f:
                kernels = json.load(f)
        lines += section(cpu_entry, runs, peers, kernels)
    with open(os.path.join(ROOT, "docs", "speed.md"), "w") as f:
        f.write("\n".join(lines))
    print("wrote docs/speed.md", file=sys.stderr)


if __name__ == "__main__":
    main()
