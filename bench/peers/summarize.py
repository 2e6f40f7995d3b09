#!/usr/bin/env python3
"""Turn the rounds of compare.sh into one markdown table (and, with --json FILE, the same as JSON).

    summarize.py ROUNDS.jsonl [--meta JSON] [--json FILE]

ROUNDS.jsonl: one line per run, {"round": r, "engine": "vitquant" | "ort_fp32" | "ort_int8", "result": <the JSON
that `vitquant bench --json` or ort_bench.js printed>}. A ratio is computed within each round (the runs of one
round ran back to back) and its median over the rounds is reported; ms per batch is the median over rounds of
each run's own median.
"""
import argparse
import json
import os
import statistics
import sys

ORDER = ["libtorch_fp32", "vitquant_int", "ort_fp32", "ort_int8"]
NOISY = 1.25  # an engine whose rounds differ by more than this factor is flagged


def cpu_info():
    name, flags = "unknown CPU", set()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                key, _, value = line.partition(":")
                key = key.strip()
                if key == "model name" and name == "unknown CPU":
                    name = value.strip()
                elif key == "flags" and not flags:
                    flags = set(value.split())
    except OSError:
        pass
    simd = [f for f in ("avx2", "fma", "avx512f", "avx512_vnni", "avx_vnni", "amx_int8") if f in flags]
    return {"name": name, "simd": simd, "cpus": os.cpu_count()}


def per_round_times(lines):
    """{round: {engine key: ms}}, and what is known about the engines."""
    times, info = {}, {"isa": None, "int_engine": None, "int_unavailable": None, "ort_version": None}
    for rec in lines:
        r, e, res = rec["round"], rec["engine"], rec["result"]
        t = times.setdefault(r, {})
        if e == "vitquant":
            t["libtorch_fp32"] = float(res["fp32"]["ms_per_batch"])
            if "int" in res:
                t["vitquant_int"] = float(res["int"]["ms_per_batch"])
                info["int_engine"] = res["int"].get("engine")
                isa = res.get("isa", res["int"].get("isa"))
                if isa is not None:
                    info["isa"] = isa
            else:
                info["int_unavailable"] = res.get("int_unavailable", "unavailable")
        else:
            t[e] = float(res["ms_per_batch"])
            info["ort_version"] = res.get("version")
    return times, info


def median_ratio(times, base, key):
    """Median over rounds of times[base] / times[key] (> 1: `key` is faster than `base`)."""
    ratios = [t[base] / t[key] for _, t in sorted(times.items()) if base in t and key in t and t[key] > 0]
    return (statistics.median(ratios) if ratios else None), ratios


def summarize(lines, meta):
    times, info = per_round_times(lines)
    batch = meta.get("batch")
    ort = f"ONNX Runtime {info['ort_version']}" if info["ort_version"] else "ONNX Runtime"
    int_label = "vitquant integer-only"
    details = [d for d in (info["int_engine"], f"isa {info['isa']}" if info["isa"] else None) if d]
    if details:
        int_label += f" ({', '.join(details)})"
    labels = {"libtorch_fp32": "LibTorch FP32 (vitquant bench)", "vitquant_int": int_label, "ort_fp32": f"{ort} FP32",
              "ort_int8": f"{ort} dynamic int8"}
    engines = {}
    for key in ORDER:
        ms = [t[key] for _, t in sorted(times.items()) if key in t]
        if not ms:
            continue
        med = statistics.median(ms)
        vs_lt, lt_rounds = median_ratio(times, "libtorch_fp32", key)
        vs_o8, o8_rounds = median_ratio(times, "ort_int8", key)
        engines[key] = {"label": labels[key], "ms_per_batch": med, "images_per_s": 1000.0 * batch / med if batch else None,
                        "per_round_ms": ms, "speed_vs_libtorch_fp32": vs_lt, "per_round_speed_vs_libtorch_fp32": lt_rounds,
                        "speed_vs_ort_int8": vs_o8, "per_round_speed_vs_ort_int8": o8_rounds,
                        "round_spread": max(ms) / min(ms)}
    out = dict(meta)
    out.update({"cpu": cpu_info(), "isa": info["isa"], "int_unavailable": info["int_unavailable"], "engines": engines,
                "rounds_measured": len(times)})
    return out


def fmt(x, spec):
    return "–" if x is None else format(x, spec)


def ms(x):
    return f"{x:.1f}" if x >= 10 else f"{x:.2f}" if x >= 1 else f"{x:.3f}"


def markdown(s):
    cpu = s["cpu"]
    lines = [f"{s.get('model', '?')}, batch {s.get('batch')}, {s.get('threads')} thread(s), {s['rounds_measured']} interleaved "
             f"round(s) of {s.get('warmup')} warm-up + median of {s.get('repeats')} runs; {cpu['name']} "
             f"({', '.join(cpu['simd']) or 'no AVX2'})", ""]
    lines.append("| engine | ms / batch | images / s | speed vs LibTorch FP32 | speed vs ORT int8 | ms per round |")
    lines.append("|---|---:|---:|---:|---:|---|")
    for key in ORDER:
        e = s["engines"].get(key)
        if not e:
            continue
        lines.append(f"| {e['label']} | {ms(e['ms_per_batch'])} | {fmt(e['images_per_s'], '.1f')} | "
                     f"{fmt(e['speed_vs_libtorch_fp32'], '.2f')}× | {fmt(e['speed_vs_ort_int8'], '.2f')}× | "
                     f"{' / '.join(ms(m) for m in e['per_round_ms'])} |")
    lines.append("")
    lines.append("speed vs X = X's ms / the engine's ms within the same round (> 1: faster than X), median over rounds.")
    noisy = [f"{e['label']} {e['round_spread']:.2f}×" for e in s["engines"].values() if e["round_spread"] > NOISY]
    if noisy:
        lines.append(f"Noisy: the slowest round / the fastest round is {', '.join(noisy)}; was something else running? "
                     "Re-run on a quiet machine or with more rounds.")
    if s.get("load_before") is not None and s["load_before"] > 0.5 * (cpu["cpus"] or 1):
        lines.append(f"The 1-minute load average was {s['load_before']:.2f} on {cpu['cpus']} CPU(s) before the run.")
    if s.get("int_unavailable"):
        lines.append(f"vitquant integer-only: unavailable ({s['int_unavailable']}).")
    chk = s.get("check")
    if chk:
        lines.append(f"Export check ({chk['batch']} random images): FP32 ONNX vs vitquant forward max rel. error "
                     f"{chk['fp32_rel_max_error']:.1e}; dynamic int8 top-1 agreement {chk['int8_top1_agree']:.2f}, "
                     f"logit cosine {chk['int8_cosine']:.4f}.")
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("rounds")
    ap.add_argument("--meta", default="{}", help="JSON object merged into the summary (model, batch, threads, ...)")
    ap.add_argument("--json", help="also write the summary as JSON to this file")
    a = ap.parse_args(argv)
    with open(a.rounds) as f:
        lines = [json.loads(line) for line in f if line.strip()]
    s = summarize(lines, json.loads(a.meta))
    print(markdown(s))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(s, f, indent=1)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
