import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readZip } from '../../src/lib/ops/zip';
import { runCli } from './cli';
import { startServer, type TestServer } from './server';

const COMMANDS = ['create-admin', 'invite', 'disable-user', 'unlock', 'tenants', 'reindex', 'backup', 'restore', 'export', 'check', 'migrate'];

describe('the operator CLI without a data folder', () => {
  it('lists every command in its overview', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const name of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  it('prints English help for every command and exits 0', async () => {
    const results = await Promise.all(COMMANDS.map((c) => runCli([c, '--help'])));
    results.forEach((r, i) => {
      expect(r.code, COMMANDS[i]).toBe(0);
      expect(r.stdout).toContain(`Usage: npm run cli -- ${COMMANDS[i]}`);
      expect(r.stdout).toContain('-h, --help');
    });
  });

  it('refuses an unknown command, a misspelt option and a missing required option with exit code 2', async () => {
    const [unknown, misspelt, missing] = await Promise.all([
      runCli(['make-admin']),
      runCli(['invite', '--emial', 'a@b.de', '--tenant', 'duelmen', '--role', 'admin']),
      runCli(['export']),
    ]);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toContain('Unknown command "make-admin"');
    expect(misspelt.code).toBe(2);
    expect(misspelt.stderr).toContain("Unknown option '--emial'");
    expect(misspelt.stderr).toContain('npm run cli -- invite --help');
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.stderr).toContain('Missing required option --tenant.');
  });
});

describe('the operator CLI next to a running server', () => {
  let server: TestServer;
  let env: Record<string, string>;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'wn-cli-'));
  beforeAll(async () => {
    server = await startServer();
    env = { WISSENSNETZ_DATA_DIR: server.dataDir, WISSENSNETZ_ORIGIN: 'https://wissen.kreis-coesfeld.example' };
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('invites the first Kreis admin only while there is none, unless forced', async () => {
    // The demo data already has a Kreis admin.
    const refused = await runCli(['create-admin', '--email', 'it@kreis-coesfeld.de'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('A Kreis admin already exists (admin.kreis-coesfeld@demo.wissensnetz.invalid)');
    const forced = await runCli(['create-admin', '--email', 'it@kreis-coesfeld.de', '--force'], env);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/^https:\/\/wissen\.kreis-coesfeld\.example\/einladung\/[a-z2-7]{32}$/m);
  });

  it('invites a person into a Kommune with a link built from the configured origin', async () => {
    const r = await runCli(['invite', '--email', 'neu@duelmen.de', '--tenant', 'duelmen', '--role', 'redakteur'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('neu@duelmen.de (redakteur in duelmen)');
    expect(r.stdout).toMatch(/^https:\/\/wissen\.kreis-coesfeld\.example\/einladung\/[a-z2-7]{32}$/m);
    const bad = await runCli(['invite', '--email', 'neu@duelmen.de', '--tenant', 'muenster', '--role', 'redakteur'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Unknown tenant "muenster"');
  });

  it('disables an account, and says so when the address is unknown', async () => {
    const account = server.account('senden', 'mitarbeiter');
    const r = await runCli(['disable-user', '--email', account.email], env);
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toContain('is disabled and signed out everywhere');
    const unknown = await runCli(['disable-user', '--email', 'niemand@senden.de'], env);
    expect(unknown.code).toBe(1);
  });

  it('lists every tenant with its members and published Beiträge', async () => {
    const r = await runCli(['tenants', '--json'], env);
    expect(r.code).toBe(0);
    const stats = JSON.parse(r.stdout) as { slug: string; members: number; documents: { veroeffentlicht: number } }[];
    expect(stats).toHaveLength(12);
    const duelmen = stats.find((s) => s.slug === 'duelmen')!;
    expect(duelmen.members).toBe(3);
    expect(duelmen.documents.veroeffentlicht).toBeGreaterThan(0);
    // One Senden account was disabled in the test before.
    expect(stats.find((s) => s.slug === 'senden')!.members).toBe(2);
  });

  it('backs up while the server runs, refuses a non-empty target and restores into a fresh folder that passes the check', async () => {
    const archive = path.join(work, 'backup.tar');
    const b = await runCli(['backup', '--out', archive], env);
    expect(b.code, b.stderr).toBe(0);
    expect(fs.existsSync(archive)).toBe(true);

    const refused = await runCli(['restore', '--from', archive, '--data-dir', server.dataDir], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is not empty');

    const fresh = path.join(work, 'restored');
    const r = await runCli(['restore', '--from', archive, '--data-dir', fresh], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Integrity check: ok.');
    const check = await runCli(['check'], { ...env, WISSENSNETZ_DATA_DIR: fresh });
    expect(check.code).toBe(0);
    const [before, after] = await Promise.all([runCli(['tenants', '--json'], env), runCli(['tenants', '--json'], { ...env, WISSENSNETZ_DATA_DIR: fresh })]);
    expect(JSON.parse(after.stdout)).toEqual(JSON.parse(before.stdout));
  }, 240_000);

  it("exports one Kommune's Beiträge as a ZIP of Markdown files", async () => {
    const file = path.join(work, 'duelmen.zip');
    const r = await runCli(['export', '--tenant', 'duelmen', '--out', file], env);
    expect(r.code, r.stderr).toBe(0);
    const entries = readZip(fs.readFileSync(file));
    const markdown = [...entries.keys()].filter((n) => n.endsWith('.md'));
    expect(markdown.length).toBeGreaterThan(0);
    for (const name of markdown) {
      expect(name).toMatch(/^[a-z0-9-]+\.md$/);
      expect(entries.get(name)!.toString('utf8')).toMatch(/^---\ntitle: /);
    }
    // The demo Beiträge of Dülmen have files: each lies next to its Beitrag, with its bytes.
    const files = [...entries.keys()].filter((n) => !n.endsWith('.md'));
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) {
      expect(markdown).toContain(`${name.split('/')[0]}.md`);
      expect(entries.get(name)!.length).toBeGreaterThan(0);
    }
  });

  it('rebuilds the search index while the server runs', async () => {
    const r = await runCli(['reindex'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Search index rebuilt: [1-9]\d* entries in [\d.]+ s\.$/m);
  });

  it('checks the running database and its demo files and reports them healthy', async () => {
    const r = await runCli(['check'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ok \(database, [1-9]\d* referenced file\(s\)\)$/m);
  });
});
