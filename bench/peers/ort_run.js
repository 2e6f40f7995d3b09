// node ort_run.js MODEL.onnx IN.safetensors OUT.safetensors [--threads T]
// Runs an exported model on the tensor `input` of IN and writes `logits` to OUT (as `vitquant forward` does),
// for the exporter's fidelity check.
'use strict';
const { runtime, createSession, readSafetensors, writeSafetensors, parseArgs, fail } = require('./ort_common');

const usage = 'usage: node ort_run.js MODEL.onnx IN.safetensors OUT.safetensors [--threads T]';
const opts = parseArgs(process.argv.slice(2), { threads: 1 }, usage);
if (opts._.length !== 3) fail(usage, 2);
const [modelPath, inPath, outPath] = opts._;

(async () => {
  const ort = runtime();
  const input = readSafetensors(inPath).input;
  if (!input) fail(`${inPath}: has no tensor named 'input'`);
  const session = await createSession(modelPath, Math.max(1, opts.threads));
  const result = await session.run({ input: new ort.Tensor('float32', input.data, input.dims) });
  const logits = result.logits;
  writeSafetensors(outPath, { logits: { dims: logits.dims, data: logits.data } }, { model: modelPath });
})().catch((e) => fail(`${modelPath}: ${e.message}`));
