import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { databasePath } from '../../../src/lib/db/client';
import { recordSignInFailure } from '../../../src/lib/auth/throttle';

// Another connection (as the CLI or a second process would be) commits writes in a tight loop.
const WRITER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const insert = db.prepare("INSERT INTO login_throttle (key, failures, window_start, locked_until) VALUES (?, 1, 0, 0) ON CONFLICT(key) DO UPDATE SET failures = failures + 1");
const until = Date.now() + workerData.ms;
let n = 0;
// At least the given number of writes, however slowly a busy machine lets them through.
while (Date.now() < until || n < workerData.count) insert.run('andere-' + (n++ % 50));
db.close();
parentPort.postMessage(n);
`;

describe('transactions that read before they write', () => {
  it('wait for another connection instead of failing with SQLITE_BUSY', { timeout: 120_000 }, async () => {
    const worker = new Worker(WRITER, { eval: true, workerData: { file: databasePath(), module: require.resolve('better-sqlite3'), ms: 1500, count: 150 } });
    let finished = false;
    const done = new Promise<number>((resolve, reject) => (worker.once('message', (n: number) => ((finished = true), resolve(n))), worker.once('error', reject)));
    const errors: string[] = [];
    let calls = 0;
    // Our transactions run for as long as the other connection writes, and at least 150 times.
    while (!finished || calls < 150) {
      try {
        // Reads the counters, then writes them: a deferred transaction's snapshot goes stale here.
        recordSignInFailure(`person${calls % 20}@example.org`, '192.0.2.1');
      } catch (err) {
        errors.push((err as { code?: string }).code ?? String(err));
      }
      calls++;
      // Leaves the other connection room to commit between our transactions.
      await new Promise((r) => setTimeout(r, 1));
    }
    const written = await done;
    expect(written).toBeGreaterThan(100);
    expect(calls).toBeGreaterThan(100);
    expect(errors).toEqual([]);
  });
});
