import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WAL_LIMIT_BYTES } from '../../src/lib/db/client';
import { spawnWriter } from './fixtures/spawn-writer';
import { startServer, type TestServer } from './server';
import { runWrites, type AckedWrites } from './writes';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ env: { WISSENSNETZ_LOG_REQUESTS: '1', WISSENSNETZ_TRUSTED_PROXY: '127.0.0.1' } });
});
afterAll(async () => {
  await server?.stop();
});

describe('parallel writers', () => {
  it('never show a person SQLITE_BUSY, even while another process writes, and the WAL stays bounded', async () => {
    const wal = path.join(server.dataDir, 'wissensnetz.db-wal');
    let walMax = 0;
    const sampler = setInterval(() => (walMax = Math.max(walMax, fs.existsSync(wal) ? fs.statSync(wal).size : 0)), 50);
    const writer = await spawnWriter(server.dataDir, 'churn', 6_000);
    let stop = false;
    const acked: AckedWrites = { invitations: [], accounts: [], failures: [] };
    const writes = runWrites(server, { workers: 8, prefix: 'busy', stop: () => stop, acked });
    const churned = await writer.done;
    // Enough accounts to show that the writes overlapped, even when a loaded machine made the first ones slow.
    const started = Date.now();
    while ((acked.accounts.length <= 5) && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 100));
    stop = true;
    await writes;
    clearInterval(sampler);

    expect(churned).toMatch(/wrote \d+/);
    expect(acked.failures).toEqual([]);
    expect(acked.errors ?? []).toEqual([]);
    expect(acked.accounts.length).toBeGreaterThan(5);
    await server.logSettled();
    expect(server.output()).not.toMatch(/SQLITE_BUSY|database-busy|database is locked/);
    expect(server.output()).not.toMatch(/"status":5\d\d/);
    expect(walMax).toBeGreaterThan(0);
    expect(walMax).toBeLessThanOrEqual(WAL_LIMIT_BYTES);
  });
});
