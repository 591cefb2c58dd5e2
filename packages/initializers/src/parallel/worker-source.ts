/**
 * The source of a generator worker: a small self-contained script (plain JavaScript, no imports)
 * that a Node `worker_threads` Worker evaluates (`eval: true`) and a browser runs from a Blob URL.
 * It needs no TypeScript loader and no file next to the bundle: the calling thread sends it the
 * compiled WebAssembly generator and the normal quantile table once (`init`), then jobs as plain data
 * (`job`): the module entry, its `setParameters` arguments, the key words, and the element range.
 *
 * A job writes into the shared buffer it names (`target`, a SharedArrayBuffer, at `byteOffset`), or,
 * without shared memory, into a fresh array that it transfers back with the reply. Its chunk loop is
 * the one of `generateWithWebAssembly` (src/random/webassembly-generator.ts), so a range gives the
 * same bits on any thread; the bit-equality tests of src/parallel hold both to that. The script ends
 * with how it listens: {@link BROWSER_WORKER_PORT_SOURCE}, or Node's from `#node-threads`.
 */
export const GENERATOR_WORKER_BODY = String.raw`"use strict";
const inNode = typeof process === "object" && process !== null && typeof process.versions === "object" && typeof process.versions.node === "string";
let nodePort = null;
const post = (message, transfer) => (nodePort ? nodePort.postMessage(message, transfer) : self.postMessage(message, transfer));
let generator = null;

function start(init) {
  const instance = new WebAssembly.Instance(init.module, {
    env: { abort: () => { throw new Error("initlib random WebAssembly module aborted"); } },
  });
  generator = instance.exports;
  new Float32Array(generator.memory.buffer, generator.quantileTablePointer(), init.quantileTable.length).set(init.quantileTable);
}

function generate(job, out) {
  const TWO_POW_32 = 4294967296;
  generator.setKey(job.words[0], job.words[1], job.words[2], job.words[3]);
  const p = job.parameters;
  generator.setParameters(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]);
  const run = generator[job.operation];
  const chunkBlocks = generator.chunkBlocks();
  const pointer = generator.outputPointer();
  const count = out.length;
  let produced = 0;
  while (produced < count) {
    const element = job.start + produced;
    const block = Math.floor(element / 4);
    const skip = element - block * 4;
    const blockLow = block % TWO_POW_32;
    const blockHigh = Math.floor(block / TWO_POW_32);
    const blocks = Math.min(chunkBlocks, Math.ceil((skip + count - produced) / 4), TWO_POW_32 - blockLow);
    run(blockLow, blockHigh, 2 * Math.ceil(blocks / 8));
    const take = Math.min(blocks * 4 - skip, count - produced);
    out.set(new Float32Array(generator.memory.buffer, pointer + skip * 4, take), produced);
    produced += take;
  }
}

function receive(message) {
  if (message.type === "init") {
    try {
      start(message);
    } catch (error) {
      generator = null;
      post({ type: "failed", id: -1, message: String(error && error.message || error) });
    }
    return;
  }
  if (message.type !== "job") return;
  try {
    if (generator === null) throw new Error("the worker has no generator module");
    if (message.target) {
      generate(message, new Float32Array(message.target, message.byteOffset, message.count));
      post({ type: "done", id: message.id });
    } else {
      const values = new Float32Array(message.count);
      generate(message, values);
      post({ type: "done", id: message.id, values }, [values.buffer]);
    }
  } catch (error) {
    post({ type: "failed", id: message.id, message: String(error && error.message || error) });
  }
}

`;

/** How the worker script listens in a browser (Web Worker); Node's listener comes from `#node-threads`. */
export const BROWSER_WORKER_PORT_SOURCE = "self.onmessage = (event) => receive(event.data);\n";
