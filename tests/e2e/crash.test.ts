import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli';
import { inspectWrites } from './durability';
import { startServer, type TestServer } from './server';
import { runWrites, waitUntil, type AckedWrites } from './writes';

let server: TestServer | undefined;
afterAll(async () => {
  await server?.stop('SIGKILL');
});

describe('a crash in the middle of writes', () => {
  it('loses no answered write (accounts, published Beiträge, uploads) and leaves no half-written row or file after kill -9 and a restart', async () => {
    const first = await startServer();
    server = first;
    let killed = false;
    const progress: AckedWrites = { invitations: [], accounts: [], failures: [], published: [], uploads: [] };
    const writes = runWrites(first, { workers: 4, prefix: 'crash', stop: () => killed, acked: progress, beitraege: true });
    // Kill once writes of every kind have been answered, wherever the server is in its work.
    await waitUntil(() => progress.accounts.length >= 2 && progress.uploads!.length >= 2, 60_000);
    await new Promise((r) => setTimeout(r, Math.random() * 300));
    await first.stop('SIGKILL');
    server = undefined;
    killed = true;
    const acked = await writes;
    expect(acked.accounts.length).toBeGreaterThan(1);
    expect(acked.published!.length).toBeGreaterThan(1);
    expect(acked.uploads!.length).toBeGreaterThan(1);
    expect(acked.failures).toEqual([]);

    const restarted = await startServer({ dataDir: first.dataDir });
    server = restarted;
    expect((await fetch(restarted.url + '/health')).status).toBe(200);
    const check = await runCli(['check'], { WISSENSNETZ_DATA_DIR: restarted.dataDir });
    expect(check.stdout).toContain('ok (database');
    expect(check.code).toBe(0);
    expect(inspectWrites(restarted.dataDir, acked, 'crash')).toEqual({ missingInvitations: 0, missingAccounts: 0, orphanAccounts: 0, orphanRedemptions: 0, missingPublished: 0, missingUploads: 0 });
  }, 240_000);
});
