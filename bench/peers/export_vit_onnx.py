#!/usr/bin/env python3
"""Export a timm ViT / DeiT model folder (config.json + model.safetensors, timm tensor names) to ONNX.

    export_vit_onnx.py FOLDER OUT_PREFIX [--per-channel] [--attention-int8] [--opset 17]

writes
  OUT_PREFIX-fp32.onnx  standard ops (opset 17): patch embedding as Reshape/Transpose + MatMul (the stride
                        equals the kernel, so a Conv is a matmul over non-overlapping patches), class /
                        distillation / register tokens by Concat, position embedding Add, LayerNormalization,
                        MatMul + Add, Softmax, exact GELU through Erf, residual Adds, final norm, head.
  OUT_PREFIX-int8.onnx  the same graph in the form onnxruntime.quantization.quantize_dynamic gives the MatMuls
                        with constant weights: weights quantized offline to int8 (symmetric, per tensor, or per
                        output column with --per-channel), activations through DynamicQuantizeLinear (uint8,
                        per tensor, computed at run time) -> MatMulInteger -> Cast -> Mul by (activation scale x
                        weight scale) -> Add bias. LayerNorm, Softmax, GELU, residuals stay in float.
                        --attention-int8 also quantizes q.k^T and attn.v dynamically (uint8 x uint8), as
                        quantize_dynamic does for a MatMul whose inputs are both activations.

Input `input` [batch, 3, H, W] float32 (batch is symbolic), output `logits` [batch, classes].
Needs only python3-numpy and python3-onnx (Debian 12: onnx 1.12, opset <= 17).
"""
import argparse
import json
import math
import os
import re
import struct
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

# ------------------------------------------------------------------------------------------------ safetensors

_DTYPES = {
    "F64": np.float64, "F32": np.float32, "F16": np.float16, "BF16": np.uint16,
    "I64": np.int64, "I32": np.int32, "I16": np.int16, "I8": np.int8, "U8": np.uint8, "BOOL": np.bool_,
}


def read_safetensors(path):
    """{name: np.ndarray} from a .safetensors file: 8-byte little-endian header length, JSON header, raw data."""
    with open(path, "rb") as f:
        blob = f.read()
    if len(blob) < 8:
        raise ValueError(f"{path}: too short for a safetensors file")
    (n,) = struct.unpack("<Q", blob[:8])
    if 8 + n > len(blob):
        raise ValueError(f"{path}: header length {n} runs past the end of the file")
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    data = memoryview(blob)[8 + n:]
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = info["dtype"]
        if dtype not in _DTYPES:
            raise ValueError(f"{path}: tensor {name}: unsupported dtype {dtype}")
        begin, end = info["data_offsets"]
        a = np.frombuffer(data[begin:end], dtype=np.dtype(_DTYPES[dtype]).newbyteorder("<"))
        if dtype == "BF16":  # bfloat16 = the upper half of a float32
            a = (a.astype(np.uint32) << 16).view(np.float32)
        out[name] = a.reshape(info["shape"]).copy()
    return out


def write_safetensors(path, tensors, metadata=None):
    """Writes float32 / int64 numpy arrays as a .safetensors file."""
    names = {np.dtype(np.float32): "F32", np.dtype(np.int64): "I64", np.dtype(np.float64): "F64"}
    header, chunks, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    for name, a in tensors.items():
        a = np.ascontiguousarray(a)
        raw = a.astype(a.dtype.newbyteorder("<"), copy=False).tobytes()
        header[name] = {"dtype": names[a.dtype], "shape": list(a.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * (-len(h) % 8)  # keep the data 8-byte aligned
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for c in chunks:
            f.write(c)


# ------------------------------------------------------------------------------------------------ the model

_SIZES = {"tiny": 3, "small": 6, "medium": 8, "base": 12, "large": 16, "huge": 16}  # timm's num_heads per size


class VitSpec:
    """What the graph needs, from config.json and the tensors' shapes (timm's VisionTransformer semantics)."""

    def __init__(self, config, w, source):
        arch = config.get("architecture") or config.get("arch") or ""
        args = dict(config.get("model_args") or {})
        parts = arch.split(".")[0].split("_")
        if not parts or parts[0] not in ("vit", "deit") or len(parts) < 3:
            raise ValueError(f"{source}: architecture '{arch}' is not a timm ViT/DeiT (vit_* or deit_*)")
        self.arch = arch
        self.num_heads = int(args.get("num_heads", _SIZES.get(parts[1], 0)))
        if self.num_heads <= 0:
            raise ValueError(f"{source}: cannot tell num_heads of '{arch}'; give it in model_args")
        if args.get("global_pool", "token") not in ("token", "avg", "max", "avgmax"):
            raise ValueError(f"{source}: global_pool '{args['global_pool']}' is not supported")
        self.global_pool = args.get("global_pool", "token")
        self.eps = float(args.get("norm_eps", 1e-6))  # timm's ViT: LayerNorm(eps=1e-6)

        pe = w["patch_embed.proj.weight"]
        self.embed_dim, self.in_chans, self.patch, p2 = pe.shape
        if self.patch != p2:
            raise ValueError(f"{source}: non-square patches are not supported")
        self.depth = 0
        while f"blocks.{self.depth}.attn.qkv.weight" in w:
            self.depth += 1
        self.cls = "cls_token" in w
        self.dist = "dist_token" in w
        self.regs = w["reg_token"].shape[1] if "reg_token" in w else 0
        self.prefix = int(self.cls) + int(self.dist) + self.regs
        if self.global_pool == "token" and not self.cls:
            raise ValueError(f"{source}: global_pool 'token' needs a class token")
        self.num_classes = w["head.weight"].shape[0] if "head.weight" in w else 0

        pcfg = config.get("pretrained_cfg") or {}
        size = args.get("img_size") or (pcfg.get("input_size") or [3, 224, 224])[-1]
        size = size if isinstance(size, int) else int(size[-1])
        self.img = int(size)
        if self.img % self.patch:
            raise ValueError(f"{source}: img_size {self.img} is not a multiple of the patch {self.patch}")
        self.grid = self.img // self.patch
        self.num_patches = self.grid * self.grid
        pos_len = w["pos_embed"].shape[1]
        if pos_len == self.num_patches + self.prefix:
            self.no_embed_class = False
        elif pos_len == self.num_patches:
            self.no_embed_class = True
        else:
            raise ValueError(f"{source}: pos_embed has {pos_len} positions; {self.num_patches} patches "
                             f"(+{self.prefix} prefix tokens) expected for img_size {self.img}")
        if self.embed_dim % self.num_heads:
            raise ValueError(f"{source}: embed_dim {self.embed_dim} is not a multiple of num_heads {self.num_heads}")
        self.head_dim = self.embed_dim // self.num_heads
        for i in range(self.depth):
            if f"blocks.{i}.attn.q_norm.weight" in w or f"blocks.{i}.norm1.gamma" in w:
                raise ValueError(f"{source}: qk_norm / other block variants are not supported")


class GraphBuilder:
    """Emits ONNX nodes; `linear` is where the fp32 and the dynamic-int8 graphs differ."""

    def __init__(self, int8, per_channel, attention_int8):
        self.int8, self.per_channel, self.attention_int8 = int8, per_channel, attention_int8
        self.nodes, self.inits, self.names = [], [], set()
        self.quantized_matmuls = 0

    def _name(self, base):
        base = re.sub(r"[^A-Za-z0-9_.]", "_", base)
        name, i = base, 1
        while name in self.names:
            i += 1
            name = f"{base}_{i}"
        self.names.add(name)
        return name

    def const(self, name, array):
        name = self._name(name)
        self.inits.append(numpy_helper.from_array(np.asarray(array), name))
        return name

    def op(self, op_type, inputs, name, outputs=1, **attrs):
        node_name = self._name(name)
        outs = [self._name(f"{node_name}_out{i}" if outputs > 1 else f"{node_name}_out") for i in range(outputs)]
        self.nodes.append(helper.make_node(op_type, inputs, outs, name=node_name, **attrs))
        return outs if outputs > 1 else outs[0]

    def linear(self, x, weight, bias, name):
        """y = x @ weight.T + bias for a torch Linear weight [out, in]."""
        wt = np.ascontiguousarray(weight.astype(np.float32).T)  # [in, out]
        if not self.int8:
            y = self.op("MatMul", [x, self.const(f"{name}.weight_t", wt)], f"{name}/MatMul")
        else:
            self.quantized_matmuls += 1
            # quantize_dynamic's weights: symmetric int8 in [-127, 127], zero point 0.
            if self.per_channel:
                amax = np.abs(wt).max(axis=0)
            else:
                amax = np.array(np.abs(wt).max(), dtype=np.float32)
            scale = np.where(amax > 0, amax / 127.0, 1.0).astype(np.float32)
            wq = np.clip(np.rint(wt / scale), -127, 127).astype(np.int8)
            wzp = np.zeros(scale.shape, dtype=np.int8)
            xq, xs, xzp = self.op("DynamicQuantizeLinear", [x], f"{name}/DynamicQuantizeLinear", outputs=3)
            acc = self.op("MatMulInteger", [xq, self.const(f"{name}.weight_quantized", wq), xzp,
                                            self.const(f"{name}.weight_zero_point", wzp)], f"{name}/MatMulInteger")
            accf = self.op("Cast", [acc], f"{name}/Cast", to=TensorProto.FLOAT)
            s = self.op("Mul", [xs, self.const(f"{name}.weight_scale", scale)], f"{name}/scales")
            y = self.op("Mul", [accf, s], f"{name}/Mul")
        if bias is not None:
            y = self.op("Add", [y, self.const(f"{name}.bias", bias.astype(np.float32))], f"{name}/Add")
        return y

    def matmul_activations(self, a, b, name):
        """MatMul of two activations; with --attention-int8 both go through DynamicQuantizeLinear."""
        if not (self.int8 and self.attention_int8):
            return self.op("MatMul", [a, b], name)
        aq, as_, azp = self.op("DynamicQuantizeLinear", [a], f"{name}/DynamicQuantizeLinear_a", outputs=3)
        bq, bs, bzp = self.op("DynamicQuantizeLinear", [b], f"{name}/DynamicQuantizeLinear_b", outputs=3)
        acc = self.op("MatMulInteger", [aq, bq, azp, bzp], f"{name}/MatMulInteger")
        accf = self.op("Cast", [acc], f"{name}/Cast", to=TensorProto.FLOAT)
        s = self.op("Mul", [as_, bs], f"{name}/scales")
        return self.op("Mul", [accf, s], f"{name}/Mul")

    def layer_norm(self, x, w, prefix, eps):
        return self.op("LayerNormalization", [x, self.const(f"{prefix}.weight", w[f"{prefix}.weight"].astype(np.float32)),
                                              self.const(f"{prefix}.bias", w[f"{prefix}.bias"].astype(np.float32))],
                       f"{prefix}/LayerNormalization", axis=-1, epsilon=eps)

    def gelu(self, x, name):
        """Exact GELU: 0.5 * x * (1 + erf(x / sqrt(2))) (the pattern ONNX Runtime fuses into its Gelu)."""
        d = self.op("Div", [x, self.const(f"{name}.sqrt2", np.array(math.sqrt(2.0), np.float32))], f"{name}/Div")
        e = self.op("Erf", [d], f"{name}/Erf")
        a = self.op("Add", [e, self.const(f"{name}.one", np.array(1.0, np.float32))], f"{name}/Add")
        m = self.op("Mul", [x, a], f"{name}/Mul")
        return self.op("Mul", [m, self.const(f"{name}.half", np.array(0.5, np.float32))], f"{name}/Mul_half")


def build_graph(spec, w, int8, per_channel=False, attention_int8=False):
    g = GraphBuilder(int8, per_channel, attention_int8)
    C, H, D, p, grid = spec.embed_dim, spec.num_heads, spec.head_dim, spec.patch, spec.grid
    i64 = lambda *v: np.array(v, dtype=np.int64)  # noqa: E731

    # Patch embedding: non-overlapping p x p patches as rows of [B, N, in_chans*p*p], then the Conv's weight as a matmul.
    x = g.op("Reshape", ["input", g.const("patches.shape6", i64(0, spec.in_chans, grid, p, grid, p))], "patch_embed/split")
    x = g.op("Transpose", [x], "patch_embed/order", perm=[0, 2, 4, 1, 3, 5])
    x = g.op("Reshape", [x, g.const("patches.shape3", i64(0, spec.num_patches, spec.in_chans * p * p))], "patch_embed/rows")
    pw = w["patch_embed.proj.weight"].reshape(C, -1)
    x = g.linear(x, pw, w.get("patch_embed.proj.bias"), "patch_embed.proj")

    # Prefix tokens (class, distillation, registers), expanded to the batch, and the position embedding.
    prefix = [w[n].astype(np.float32) for n in ("cls_token", "dist_token", "reg_token") if n in w]
    pos = g.const("pos_embed", w["pos_embed"].astype(np.float32))
    if spec.no_embed_class:
        x = g.op("Add", [x, pos], "pos_embed/Add")
    if prefix:
        tokens = np.concatenate(prefix, axis=1)  # [1, prefix, C]
        batch = g.op("Slice", [g.op("Shape", [x], "batch/Shape"), g.const("zero", i64(0)), g.const("one", i64(1))], "batch/Slice")
        shape = g.op("Concat", [batch, g.const("prefix.shape_rest", i64(spec.prefix, C))], "prefix/shape", axis=0)
        t = g.op("Expand", [g.const("prefix_tokens", tokens), shape], "prefix/Expand")
        x = g.op("Concat", [t, x], "tokens/Concat", axis=1)
    if not spec.no_embed_class:
        x = g.op("Add", [x, pos], "pos_embed/Add")
    if "norm_pre.weight" in w:
        x = g.layer_norm(x, w, "norm_pre", spec.eps)

    scale = np.array(D ** -0.5, dtype=np.float32)
    for i in range(spec.depth):
        b = f"blocks.{i}"
        h = g.layer_norm(x, w, f"{b}.norm1", spec.eps)
        qkv = g.linear(h, w[f"{b}.attn.qkv.weight"], w.get(f"{b}.attn.qkv.bias"), f"{b}.attn.qkv")
        qkv = g.op("Reshape", [qkv, g.const(f"{b}.attn.qkv_shape", i64(0, 0, 3, H, D))], f"{b}.attn/heads")
        qkv = g.op("Transpose", [qkv], f"{b}.attn/qkv_first", perm=[2, 0, 3, 1, 4])  # [3, B, H, N, D]
        q, k, v = (g.op("Gather", [qkv, g.const(f"{b}.attn.{n}_index", np.array(j, np.int64))], f"{b}.attn/{n}", axis=0)
                   for j, n in enumerate("qkv"))
        q = g.op("Mul", [q, g.const(f"{b}.attn.scale", scale)], f"{b}.attn/scale")
        kt = g.op("Transpose", [k], f"{b}.attn/k_t", perm=[0, 1, 3, 2])
        a = g.matmul_activations(q, kt, f"{b}.attn/qk")
        a = g.op("Softmax", [a], f"{b}.attn/Softmax", axis=-1)
        o = g.matmul_activations(a, v, f"{b}.attn/av")
        o = g.op("Transpose", [o], f"{b}.attn/tokens_first", perm=[0, 2, 1, 3])
        o = g.op("Reshape", [o, g.const(f"{b}.attn.merge_shape", i64(0, 0, C))], f"{b}.attn/merge")
        o = g.linear(o, w[f"{b}.attn.proj.weight"], w.get(f"{b}.attn.proj.bias"), f"{b}.attn.proj")
        if f"{b}.ls1.gamma" in w:
            o = g.op("Mul", [o, g.const(f"{b}.ls1.gamma", w[f"{b}.ls1.gamma"].astype(np.float32))], f"{b}.ls1")
        x = g.op("Add", [x, o], f"{b}/residual1")

        h = g.layer_norm(x, w, f"{b}.norm2", spec.eps)
        h = g.linear(h, w[f"{b}.mlp.fc1.weight"], w.get(f"{b}.mlp.fc1.bias"), f"{b}.mlp.fc1")
        h = g.gelu(h, f"{b}.mlp.act")
        h = g.linear(h, w[f"{b}.mlp.fc2.weight"], w.get(f"{b}.mlp.fc2.bias"), f"{b}.mlp.fc2")
        if f"{b}.ls2.gamma" in w:
            h = g.op("Mul", [h, g.const(f"{b}.ls2.gamma", w[f"{b}.ls2.gamma"].astype(np.float32))], f"{b}.ls2")
        x = g.op("Add", [x, h], f"{b}/residual2")

    if "norm.weight" in w:
        x = g.layer_norm(x, w, "norm", spec.eps)

    def token(j):
        return g.op("Gather", [x, g.const(f"token{j}_index", np.array(j, np.int64))], f"pool/token{j}", axis=1)

    if spec.dist:  # distilled DeiT at inference: the mean of the class head and the distillation head
        a = g.linear(token(0), w["head.weight"], w.get("head.bias"), "head")
        d = g.linear(token(1), w["head_dist.weight"], w.get("head_dist.bias"), "head_dist")
        logits = g.op("Div", [g.op("Add", [a, d], "heads/Add"), g.const("two", np.array(2.0, np.float32))], "heads/mean")
    else:
        if spec.global_pool == "token":
            pooled = token(0)
        else:
            t = x
            if spec.prefix:
                t = g.op("Slice", [x, g.const("patch_tokens.start", i64(spec.prefix)),
                                   g.const("patch_tokens.end", i64(np.iinfo(np.int64).max)), g.const("patch_tokens.axis", i64(1))],
                         "pool/patch_tokens")
            mean = g.op("ReduceMean", [t], "pool/mean", axes=[1], keepdims=0) if spec.global_pool != "max" else None
            mx = g.op("ReduceMax", [t], "pool/max", axes=[1], keepdims=0) if spec.global_pool != "avg" else None
            if spec.global_pool == "avg":
                pooled = mean
            elif spec.global_pool == "max":
                pooled = mx
            else:
                pooled = g.op("Mul", [g.op("Add", [mean, mx], "pool/avgmax_add"), g.const("half", np.array(0.5, np.float32))],
                              "pool/avgmax")
        if "fc_norm.weight" in w:
            pooled = g.layer_norm(pooled, w, "fc_norm", spec.eps)
        logits = g.linear(pooled, w["head.weight"], w.get("head.bias"), "head")
    g.op("Identity", [logits], "logits_out")
    g.nodes[-1].output[0] = "logits"

    inputs = [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", spec.in_chans, spec.img, spec.img])]
    outputs = [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", spec.num_classes])]
    kind = "dynamic int8 (quantize_dynamic form)" if int8 else "fp32"
    graph = helper.make_graph(g.nodes, f"{spec.arch} {kind}", inputs, outputs, g.inits)
    return graph, g.quantized_matmuls


def make_model(graph, opset, doc):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="vitquant bench/peers",
                              doc_string=doc)
    model.ir_version = min(model.ir_version, 8)  # onnx 1.12 writes IR 8 for opset 17
    onnx.checker.check_model(model, full_check=True)
    return model


def load_folder(folder):
    cfg_path, w_path = os.path.join(folder, "config.json"), os.path.join(folder, "model.safetensors")
    for p in (cfg_path, w_path):
        if not os.path.isfile(p):
            raise ValueError(f"{p}: missing (a model folder needs config.json and model.safetensors)")
    with open(cfg_path) as f:
        config = json.load(f)
    w = read_safetensors(w_path)
    return config, w, VitSpec(config, w, folder)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", help="timm ViT/DeiT model folder (config.json + model.safetensors)")
    ap.add_argument("out_prefix", help="writes OUT_PREFIX-fp32.onnx and OUT_PREFIX-int8.onnx")
    ap.add_argument("--per-channel", action="store_true", help="int8 weights with a scale per output column")
    ap.add_argument("--attention-int8", action="store_true", help="also quantize q.k^T and attn.v dynamically")
    ap.add_argument("--opset", type=int, default=17, help="ONNX opset (>= 17 for LayerNormalization)")
    a = ap.parse_args(argv)
    try:
        config, w, spec = load_folder(a.folder)
    except (ValueError, KeyError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    os.makedirs(os.path.dirname(os.path.abspath(a.out_prefix)), exist_ok=True)
    written = {}
    for int8 in (False, True):
        graph, nq = build_graph(spec, w, int8, a.per_channel, a.attention_int8)
        doc = f"{spec.arch} from {os.path.abspath(a.folder)}"
        model = make_model(graph, a.opset, doc)
        path = f"{a.out_prefix}-{'int8' if int8 else 'fp32'}.onnx"
        onnx.save(model, path)
        written["int8" if int8 else "fp32"] = {"path": path, "bytes": os.path.getsize(path), "nodes": len(graph.node),
                                               "quantized_matmuls": nq}
    summary = {"arch": spec.arch, "embed_dim": spec.embed_dim, "depth": spec.depth, "num_heads": spec.num_heads,
               "patch": spec.patch, "img_size": spec.img, "num_classes": spec.num_classes, "prefix_tokens": spec.prefix,
               "global_pool": spec.global_pool, "per_channel": a.per_channel, "attention_int8": a.attention_int8,
               "opset": a.opset, "files": written}
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
