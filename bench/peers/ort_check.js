// Checks that onnxruntime-node's native binary loads and runs on the CPU: builds a one-node ONNX model
// (y = x + x) in memory with a minimal protobuf writer and runs it.
'use strict';

function varint(n) {
  const out = [];
  while (n > 127) { out.push((n & 127) | 128); n = Math.floor(n / 128); }
  out.push(n);
  return out;
}
const field = (num, wire) => varint(num * 8 + wire);
const int = (num, v) => [...field(num, 0), ...varint(v)];
const bytes = (num, b) => [...field(num, 2), ...varint(b.length), ...b];
const str = (num, s) => bytes(num, [...Buffer.from(s, 'utf8')]);

// ValueInfoProto{name, type{tensor_type{elem_type=FLOAT, shape{dim{dim_value}}}}}
const valueInfo = (name, n) => [...str(1, name), ...bytes(2, bytes(1, [...int(1, 1), ...bytes(2, bytes(1, int(1, n)))]))];
const node = [...str(1, 'x'), ...str(1, 'x'), ...str(2, 'y'), ...str(4, 'Add')];
const graph = [...bytes(1, node), ...str(2, 'check'), ...bytes(11, valueInfo('x', 4)), ...bytes(12, valueInfo('y', 4))];
const model = Uint8Array.from([...int(1, 8), ...bytes(8, [...str(1, ''), ...int(2, 17)]), ...bytes(7, graph)]);

(async () => {
  const ort = require('onnxruntime-node');
  const session = await ort.InferenceSession.create(model, { executionProviders: ['cpu'] });
  const x = new ort.Tensor('float32', Float32Array.from([1, 2, 3, 4]), [4]);
  const { y } = await session.run({ x });
  const want = [2, 4, 6, 8];
  if (!want.every((v, i) => y.data[i] === v)) throw new Error(`unexpected result ${Array.from(y.data)}`);
  const version = require('onnxruntime-node/package.json').version;
  console.error(`peers/setup: onnxruntime-node ${version} loads and runs on the CPU (node ${process.version})`);
})().catch((e) => {
  console.error(`peers/setup: onnxruntime-node does not run: ${e.message}`);
  process.exit(1);
});
