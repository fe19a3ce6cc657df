import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli';
import { inspectWrites } from './durability';
import { startServer, type TestServer } from './server';
import { runWrites, type AckedWrites } from './writes';

const servers: TestServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

/** The Beitrag links a page lists, in order. */
async function beitragLinks(server: TestServer, page: string): Promise<string[]> {
  const html = await (await fetch(server.url + page)).text();
  return [...html.matchAll(/href="(\/[a-z-]+\/beitraege\/[^"]+)"/g)].map((m) => m[1]!);
}

describe('a backup taken while people write', () => {
  it('restores into a fresh folder that passes the integrity check and serves the same Beiträge', async () => {
    const live = await startServer();
    servers.push(live);
    let stop = false;
    const progress: AckedWrites = { invitations: [], accounts: [], failures: [] };
    const writes = runWrites(live, { workers: 4, prefix: 'backup', stop: () => stop, acked: progress });
    await new Promise((r) => setTimeout(r, 1_500));
    // Everything answered before the backup starts must be in it.
    const before = structuredClone(progress);
    const archive = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wn-bul-')), 'backup.tar');
    const backup = await runCli(['backup', '--out', archive], { WISSENSNETZ_DATA_DIR: live.dataDir });
    stop = true;
    const acked = await writes;
    expect(backup.code, backup.stderr).toBe(0);
    expect(acked.failures).toEqual([]);
    expect(acked.accounts.length).toBeGreaterThan(before.accounts.length);

    const fresh = path.join(path.dirname(archive), 'restored');
    const restore = await runCli(['restore', '--from', archive, '--data-dir', fresh]);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toContain('Integrity check: ok.');
    expect(inspectWrites(fresh, before, 'backup')).toEqual({ missingInvitations: 0, missingAccounts: 0, orphanAccounts: 0, orphanRedemptions: 0 });

    const restored = await startServer({ dataDir: fresh });
    servers.push(restored);
    for (const page of ['/', '/duelmen/', '/kreis-coesfeld/']) {
      const [a, b] = await Promise.all([beitragLinks(live, page), beitragLinks(restored, page)]);
      expect(b, page).toEqual(a);
    }
    expect((await beitragLinks(live, '/duelmen/')).length).toBeGreaterThan(0);
  });
});
