// Runs an ONNX model with ONNX Runtime (onnxruntime-node) for the export tests:
//   node ort_run.js MODEL.onnx INPUT.f32 B,C,H,W OUTPUT.f32 [all|disabled]
// INPUT.f32 holds the input tensor as raw little-endian float32; the graph's output "logits" is written the
// same way. Prints {"dims": [...]} on success, "error: ..." and exit 1 otherwise.
'use strict';
const fs = require('fs');
const ort = require('onnxruntime-node');

async function main() {
  const [model, inputPath, shapeText, outputPath, level] = process.argv.slice(2);
  const shape = shapeText.split(',').map(Number);
  const bytes = fs.readFileSync(inputPath);
  const data = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  const session = await ort.InferenceSession.create(model, {
    graphOptimizationLevel: level || 'all',
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
  });
  const result = await session.run({input: new ort.Tensor('float32', data, shape)});
  const logits = result.logits;
  fs.writeFileSync(outputPath, Buffer.from(logits.data.buffer, logits.data.byteOffset, logits.data.byteLength));
  console.log(JSON.stringify({dims: logits.dims}));
}

main().catch((e) => {
  console.error('error: ' + String(e.message || e).split('\n')[0]);
  process.exit(1);
});
