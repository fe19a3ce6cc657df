import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli';
import { inspectWrites } from './durability';
import { startServer, type TestServer } from './server';
import { runWrites } from './writes';

let server: TestServer | undefined;
afterAll(async () => {
  await server?.stop('SIGKILL');
});

describe('a crash in the middle of writes', () => {
  it('loses no answered write and leaves no half-written row after kill -9 and a restart', async () => {
    server = await startServer();
    let killed = false;
    const writes = runWrites(server, { workers: 4, prefix: 'crash', stop: () => killed });
    // Kill once writes are flowing, wherever the server is in its work.
    await new Promise((r) => setTimeout(r, 4_000));
    await server.stop('SIGKILL');
    killed = true;
    const acked = await writes;
    expect(acked.accounts.length).toBeGreaterThan(3);
    expect(acked.failures).toEqual([]);

    const restarted = await startServer({ dataDir: server.dataDir });
    server = restarted;
    expect((await fetch(restarted.url + '/health')).status).toBe(200);
    const check = await runCli(['check'], { WISSENSNETZ_DATA_DIR: restarted.dataDir });
    expect(check.stdout).toContain('ok (database');
    expect(check.code).toBe(0);
    expect(inspectWrites(restarted.dataDir, acked, 'crash')).toEqual({ missingInvitations: 0, missingAccounts: 0, orphanAccounts: 0, orphanRedemptions: 0 });
  });
});
