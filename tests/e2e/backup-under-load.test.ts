import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli';
import { inspectWrites } from './durability';
import { startServer, type TestServer } from './server';
import { runWrites, waitUntil, type AckedWrites } from './writes';

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
    const progress: AckedWrites = { invitations: [], accounts: [], failures: [], published: [], uploads: [] };
    const writes = runWrites(live, { workers: 4, prefix: 'backup', stop: () => stop, acked: progress, beitraege: true });
    await waitUntil(() => progress.accounts.length >= 2 && progress.uploads!.length >= 2, 60_000);
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
    expect(restore.code, restore.stdout + restore.stderr).toBe(0);
    expect(restore.stdout).toContain('Integrity check: ok.');
    expect(inspectWrites(fresh, before, 'backup')).toEqual({ missingInvitations: 0, missingAccounts: 0, orphanAccounts: 0, orphanRedemptions: 0, missingPublished: 0, missingUploads: 0 });

    const restored = await startServer({ dataDir: fresh });
    servers.push(restored);
    // Pages nobody wrote to meanwhile are identical; Dülmen's list holds only what the live one holds.
    expect(await beitragLinks(restored, '/kreis-coesfeld/')).toEqual(await beitragLinks(live, '/kreis-coesfeld/'));
    const liveDuelmen = new Set(await beitragLinks(live, '/beitraege?kommune=duelmen&seite=1'));
    for (const link of await beitragLinks(restored, '/duelmen/')) expect(liveDuelmen.has(link) || (await fetch(live.url + link)).status === 200).toBe(true);
    // Every Beitrag published before the backup started is served by the restored copy, with its text.
    expect(before.published!.length).toBeGreaterThan(0);
    for (const p of before.published!) {
      const [a, b] = await Promise.all([fetch(live.url + p), fetch(restored.url + p)]);
      expect(b.status, p).toBe(200);
      const title = /<h1[^>]*>([^<]+)</.exec(await a.text())?.[1];
      expect(await b.text()).toContain(title!);
    }
    expect((await beitragLinks(live, '/duelmen/')).length).toBeGreaterThan(0);
  }, 240_000);
});
