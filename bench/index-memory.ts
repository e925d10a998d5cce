/**
 * Heap retained by a loaded index, measured in a process of its own (so nothing else the
 * benchmark did is on the heap): prints the MB used by one IndexService over the given engine.
 * Run by bench/run.ts as `node --expose-gc --import tsx bench/index-memory.ts unix:///…`.
 */
import { Engine } from '../electron/core/engine/engine.js';
import { resolveEngine } from '../electron/core/engine/resolve.js';
import { IndexService } from '../electron/core/index/index-service.js';

const host = process.argv[2];
if (!host || !global.gc) {
  console.error('usage: node --expose-gc --import tsx bench/index-memory.ts unix:///path.sock');
  process.exit(2);
}
const gc = global.gc;
const engine = new Engine(resolveEngine({ flagHost: host, env: {} }));
await engine.start();
gc();
const before = process.memoryUsage().heapUsed;
const service = new IndexService(engine);
service.start();
await service.ready();
gc();
const after = process.memoryUsage().heapUsed;
process.stdout.write(
  `${JSON.stringify({ images: service.index.size, mb: (after - before) / 1e6 })}\n`,
);
service.stop();
engine.stop();
