// node ort_bench.js MODEL.onnx --batch B --threads T --warmup W --repeats R [--seed S]
// Times ONNX Runtime (onnxruntime-node, CPU) on a random batch [B, C, H, W] (the model's input shape with
// the batch set to B): W untimed runs, then R timed runs; prints one JSON line whose "ms_per_batch" is the
// median. Session: intraOpNumThreads=T, interOpNumThreads=1, sequential, graphOptimizationLevel 'all'.
'use strict';
const { runtime, createSession, parseArgs, fail } = require('./ort_common');

const usage = 'usage: node ort_bench.js MODEL.onnx [--batch B] [--threads T] [--warmup W] [--repeats R] [--seed S]';
const opts = parseArgs(process.argv.slice(2), { batch: 8, threads: 1, warmup: 3, repeats: 10, seed: 0 }, usage);
if (opts._.length !== 1) fail(usage, 2);
if (opts.batch < 1 || opts.threads < 1 || opts.repeats < 1) fail('--batch, --threads and --repeats must be at least 1', 2);
const modelPath = opts._[0];

// Standard normal values from a seeded xorshift generator (Box-Muller), like torch.randn's inputs.
function randn(n, seed) {
  let s = BigInt(seed) * 0x9e3779b97f4a7c15n + 0x2545f4914f6cdd1dn;
  const mask = (1n << 64n) - 1n;
  const next = () => {
    s ^= (s << 13n) & mask;
    s ^= s >> 7n;
    s ^= (s << 17n) & mask;
    return (Number(s >> 11n) + 0.5) / 2 ** 53;
  };
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(next())), t = 2 * Math.PI * next();
    out[i] = r * Math.cos(t);
    if (i + 1 < n) out[i + 1] = r * Math.sin(t);
  }
  return out;
}

function median(v) {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

(async () => {
  const ort = runtime();
  const t0 = process.hrtime.bigint();
  const session = await createSession(modelPath, opts.threads);
  const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const inputName = session.inputNames[0];
  // The node binding does not expose input shapes: read them from the ONNX file (batch set to B).
  const dims = inputDims(modelPath);
  dims[0] = opts.batch;
  const count = dims.reduce((a, b) => a * b, 1);
  const feeds = { [inputName]: new ort.Tensor('float32', randn(count, opts.seed), dims) };
  for (let i = 0; i < opts.warmup; ++i) await session.run(feeds);
  const ms = [];
  for (let i = 0; i < opts.repeats; ++i) {
    const t = process.hrtime.bigint();
    await session.run(feeds);
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const med = median(ms);
  console.log(JSON.stringify({
    model: modelPath, engine: 'onnxruntime-node', version: require('onnxruntime-node/package.json').version,
    batch: opts.batch, threads: opts.threads, warmup: opts.warmup, repeats: opts.repeats,
    ms_per_batch: med, images_per_s: (1000 * opts.batch) / med, min_ms: Math.min(...ms), max_ms: Math.max(...ms),
    session_ms: loadMs, input_shape: dims,
  }));
})().catch((e) => fail(`${modelPath}: ${e.message}`));

// The static dims of the graph's first input, read from the ONNX protobuf (ModelProto.graph.input[0]); a
// symbolic dim (the batch) reads as 1.
function inputDims(path) {
  const buf = require('fs').readFileSync(path);
  const varint = (b, pos) => {
    let v = 0, mul = 1, byte;
    do { byte = b[pos++]; v += (byte & 127) * mul; mul *= 128; } while (byte & 128);
    return [v, pos];
  };
  // Yields [field, wire, value-or-subarray] of one message.
  function* fields(b) {
    let pos = 0;
    while (pos < b.length) {
      let key;
      [key, pos] = varint(b, pos);
      const f = Math.floor(key / 8), wire = key & 7;
      if (wire === 0) { let v; [v, pos] = varint(b, pos); yield [f, wire, v]; }
      else if (wire === 2) { let n; [n, pos] = varint(b, pos); yield [f, wire, b.subarray(pos, pos + n)]; pos += n; }
      else if (wire === 1) { pos += 8; }
      else if (wire === 5) { pos += 4; }
      else throw new Error('unsupported protobuf wire type');
    }
  }
  const first = (b, num) => { for (const [f, w, v] of fields(b)) if (f === num && w === 2) return v; return null; };
  const graph = first(buf, 7);  // ModelProto.graph
  const input = graph && first(graph, 11);  // GraphProto.input[0]
  const type = input && first(input, 2);  // ValueInfoProto.type
  const tensor = type && first(type, 1);  // TypeProto.tensor_type
  const shape = tensor && first(tensor, 2);  // TypeProto.Tensor.shape
  if (!shape) throw new Error('cannot read the input shape');
  const dims = [];
  for (const [f, w, dim] of fields(shape)) {
    if (f !== 1 || w !== 2) continue;
    let value = 1;
    for (const [g, wt, v] of fields(dim)) if (g === 1 && wt === 0) value = v;  // dim_value (dim_param -> 1)
    dims.push(value);
  }
  return dims;
}
