#!/usr/bin/env python3
"""Check an export against the model it came from.

    check_export.py FOLDER PREFIX [--batch N] [--seed S] [--tol 1e-4] [--input IN.safetensors --reference OUT.safetensors]

Runs PREFIX-fp32.onnx and PREFIX-int8.onnx with ONNX Runtime (node ort_run.js) on random inputs
[N, 3, H, W] and compares them with the reference logits: `vitquant forward --model FOLDER` (the binary is
$VITQUANT, default build/app/vitquant), or the `logits` of --reference for a given --input (e.g. a golden
fixture). Passes when the fp32 export's max |difference| / max |reference| <= --tol and the int8 export's
logits point the way of the reference's (cosine >= --min-cosine: dynamic int8 is lossy, but a wrong export
is not even close). The int8 top-1 agreement is reported, never gated on: with random weights the logits of
the classes lie close together, so a few images' top-1 flips from run to run (0.25 in one run, 0.5 in the
next) and says nothing about the export. Prints one JSON line.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export_vit_onnx import read_safetensors, write_safetensors  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}): {p.stderr.strip() or p.stdout.strip()}")
    return p.stdout


def rel_error(a, ref):
    return float(np.abs(a - ref).max() / max(np.abs(ref).max(), 1e-30))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder")
    ap.add_argument("prefix")
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--tol", type=float, default=1e-4)
    ap.add_argument("--min-cosine", type=float, default=0.9, help="fail when the int8 logits' cosine with the reference is below this")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--input", help="safetensors with `input` (default: random)")
    ap.add_argument("--reference", help="safetensors with the reference `logits` for --input (default: vitquant forward)")
    a = ap.parse_args(argv)
    if bool(a.input) != bool(a.reference):
        ap.error("--input and --reference go together")

    with open(os.path.join(a.folder, "config.json")) as f:
        cfg = json.load(f)
    size = (cfg.get("pretrained_cfg") or {}).get("input_size") or [3, 224, 224]
    vitquant = os.environ.get("VITQUANT", os.path.join(ROOT, "build", "app", "vitquant"))

    with tempfile.TemporaryDirectory(prefix="peers-check-") as tmp:
        if a.input:
            in_path, ref = a.input, read_safetensors(a.reference)["logits"].astype(np.float32)
            source = a.reference
        else:
            in_path = os.path.join(tmp, "input.safetensors")
            x = np.random.default_rng(a.seed).standard_normal((a.batch, *size), dtype=np.float32)
            write_safetensors(in_path, {"input": x})
            ref_path = os.path.join(tmp, "vitquant.safetensors")
            run([vitquant, "forward", "--model", a.folder, "--input", in_path, "--output", ref_path, "--threads", str(a.threads)])
            ref = read_safetensors(ref_path)["logits"].astype(np.float32)
            source = "vitquant forward"
        out = {}
        for kind in ("fp32", "int8"):
            o = os.path.join(tmp, f"ort-{kind}.safetensors")
            run(["node", os.path.join(HERE, "ort_run.js"), f"{a.prefix}-{kind}.onnx", in_path, o, "--threads", str(a.threads)])
            out[kind] = read_safetensors(o)["logits"]

    top = ref.argmax(1)
    result = {
        "reference": source,
        "batch": int(ref.shape[0]),
        "fp32_rel_max_error": rel_error(out["fp32"], ref),
        "fp32_top1_agree": float((out["fp32"].argmax(1) == top).mean()),
        "int8_rel_max_error": rel_error(out["int8"], ref),
        "int8_top1_agree": float((out["int8"].argmax(1) == top).mean()),
        "int8_cosine": float(np.sum(out["int8"] * ref) / (np.linalg.norm(out["int8"]) * np.linalg.norm(ref))),
        "tol": a.tol,
    }
    result["min_cosine"] = a.min_cosine
    result["ok"] = result["fp32_rel_max_error"] <= a.tol and result["int8_cosine"] >= a.min_cosine
    print(json.dumps(result))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (RuntimeError, OSError, KeyError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(1)
