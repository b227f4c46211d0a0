// Child process of the repository bench: reads a table once, streamed or whole, and prints
// `{ rows, seconds, peakRssMb, baseRssMb, liveHeapMb }` as JSON so the figures are not polluted by the
// parent's data. liveHeapMb is the largest heap still in use after a forced GC (every 10 chunks when
// streaming; after the load for the whole-table read): what the read keeps alive, not what V8 has yet to collect.
//   node --expose-gc --conditions=source --import tsx bench/repository/memory-probe.ts <url> <table> stream|full
import { DatabaseConnection, GenericRepository } from '@dhuolib/repository';

const [url, table, mode] = process.argv.slice(2) as [string, string, 'stream' | 'full'];
const db = new DatabaseConnection({ url });
const repo = new GenericRepository(db);
await repo.getItemsWithPagination(table, { page_size: 1 }); // warm: connection, danfo
await repo.toDataframe(table, { filter_clause: 'I1 < 0' });
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const liveHeap = () => {
  gc();
  return process.memoryUsage().heapUsed / 1e6;
};
const baseHeapMb = liveHeap();
let liveHeapMb = baseHeapMb;
const baseRssMb = process.memoryUsage().rss / 1e6;
let peak = baseRssMb;
const timer = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss / 1e6);
}, 20);
const start = performance.now();
let rows = 0;
if (mode === 'stream') {
  let chunks = 0;
  for await (const chunk of repo.toDataframeStream(table, { chunk_size: 10_000 })) {
    rows += chunk.shape[0]!;
    peak = Math.max(peak, process.memoryUsage().rss / 1e6);
    if (++chunks % 10 === 0) liveHeapMb = Math.max(liveHeapMb, liveHeap());
  }
} else {
  const df = await repo.toDataframe(table);
  rows = df.shape[0]!;
  peak = Math.max(peak, process.memoryUsage().rss / 1e6);
  liveHeapMb = liveHeap();
}
const seconds = (performance.now() - start) / 1000;
clearInterval(timer);
await db.close();
console.log(
  JSON.stringify({
    rows,
    seconds,
    peakRssMb: Math.round(peak),
    baseRssMb: Math.round(baseRssMb),
    liveHeapMb: Math.round(liveHeapMb - baseHeapMb),
  }),
);
