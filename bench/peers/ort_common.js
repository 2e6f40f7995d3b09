// Shared by ort_run.js and ort_bench.js: the session settings of the comparison and float32 safetensors I/O.
'use strict';
const fs = require('fs');

let ort;
function runtime() {
  if (!ort) {
    try {
      ort = require('onnxruntime-node');
    } catch (e) {
      throw new Error(`onnxruntime-node is not installed (run bench/peers/setup.sh): ${e.message}`);
    }
  }
  return ort;
}

// One session as the comparison uses it: CPU, T intra-op threads, one inter-op thread, sequential, all
// graph optimisations (ORT fuses the dynamic-int8 pattern into DynamicQuantizeMatMul, Erf GELU into Gelu, ...).
async function createSession(modelPath, threads) {
  return runtime().InferenceSession.create(modelPath, {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
}

// safetensors: 8-byte little-endian header length, JSON header, raw little-endian data.
function readSafetensors(path) {
  const buf = fs.readFileSync(path);
  if (buf.length < 8) throw new Error(`${path}: too short for a safetensors file`);
  const n = Number(buf.readBigUInt64LE(0));
  if (8 + n > buf.length) throw new Error(`${path}: header runs past the end of the file`);
  const header = JSON.parse(buf.subarray(8, 8 + n).toString('utf8'));
  const out = {};
  for (const [name, info] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    if (info.dtype !== 'F32') throw new Error(`${path}: tensor ${name} is ${info.dtype}, only F32 is read here`);
    const [begin, end] = info.data_offsets;
    const bytes = buf.subarray(8 + n + begin, 8 + n + end);
    const data = new Float32Array(bytes.length / 4);
    for (let i = 0; i < data.length; ++i) data[i] = bytes.readFloatLE(4 * i);
    out[name] = { dims: info.shape, data };
  }
  return out;
}

function writeSafetensors(path, tensors, metadata) {
  const header = {};
  if (metadata) header.__metadata__ = metadata;
  let offset = 0;
  const chunks = [];
  for (const [name, t] of Object.entries(tensors)) {
    const b = Buffer.alloc(t.data.length * 4);
    for (let i = 0; i < t.data.length; ++i) b.writeFloatLE(t.data[i], 4 * i);
    header[name] = { dtype: 'F32', shape: t.dims, data_offsets: [offset, offset + b.length] };
    chunks.push(b);
    offset += b.length;
  }
  let h = Buffer.from(JSON.stringify(header), 'utf8');
  h = Buffer.concat([h, Buffer.alloc((8 - (h.length % 8)) % 8, 0x20)]);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(h.length));
  fs.writeFileSync(path, Buffer.concat([len, h, ...chunks]));
}

// --name value options after positional arguments; numbers where the default is a number.
function parseArgs(argv, defaults, usage) {
  const opts = { ...defaults, _: [] };
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    if (a === '--help' || a === '-h') {
      console.log(usage);
      process.exit(0);
    }
    if (a.startsWith('--')) {
      const key = a.slice(2);
      if (!(key in defaults)) fail(`unknown option ${a}\n${usage}`, 2);
      const v = argv[++i];
      if (v === undefined) fail(`${a} needs a value\n${usage}`, 2);
      if (typeof defaults[key] === 'number') {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0) fail(`${a} expects a non-negative integer, got '${v}'`, 2);
        opts[key] = n;
      } else {
        opts[key] = v;
      }
    } else {
      opts._.push(a);
    }
  }
  return opts;
}

function fail(message, code = 1) {
  console.error(`error: ${message}`);
  process.exit(code);
}

module.exports = { runtime, createSession, readSafetensors, writeSafetensors, parseArgs, fail };
