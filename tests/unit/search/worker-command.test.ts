import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { workerCommand } from '../../../src/lib/search/worker';
import { sourceWorkerBundle } from '../../../src/lib/search/worker-bundle';

const ROOT = path.resolve(import.meta.dirname, '../../..');

describe('workerCommand', () => {
  const root = '/srv/wissensnetz';
  const none = () => null;
  it('starts the bundled worker with plain node when the server runs from the bundle', () => {
    expect(workerCommand(root, '/srv/wissensnetz/dist/cli/start.mjs', none)).toEqual([path.join(root, 'dist/cli/search-worker.mjs')]);
    expect(workerCommand(root, '/srv/wissensnetz/dist/cli/index.mjs', none)).toEqual([path.join(root, 'dist/cli/search-worker.mjs')]);
  });
  it('runs the worker bundled from the current sources when the server runs from source', () => {
    const made = '/srv/wissensnetz/node_modules/.cache/wissensnetz/search-worker/abc/search-worker.mjs';
    expect(workerCommand(root, '/srv/wissensnetz/src/cli/start.ts', () => made)).toEqual([made]);
    expect(workerCommand(root, '/srv/wissensnetz/tests/bench/search.ts', () => made)).toEqual([made]);
  });
  it('runs the worker from source through tsx when no bundle can be made', () => {
    expect(workerCommand(root, '/srv/wissensnetz/src/cli/start.ts', none)).toEqual(['--import', 'tsx', path.join(root, 'src/cli/search-worker.ts')]);
  });
});

describe('the search worker bundled from source', () => {
  it('runs, names the packages it keeps outside, and is made again when a source file changes', () => {
    const first = sourceWorkerBundle(ROOT);
    expect(first).not.toBeNull();
    expect(sourceWorkerBundle(ROOT)).toBe(first);
    const text = fs.readFileSync(first!, 'utf8');
    // Native, binary-starting and file-reading packages stay outside; drizzle-orm is inside.
    expect(text).toMatch(/^import .* from ["']better-sqlite3["'];$/m);
    expect(text).toMatch(/^import .* from ["']pagefind["'];$/m);
    expect(text).not.toMatch(/^import .* from ["']drizzle-orm/m);
    // A wrong mode is refused by the bundled worker as by the source.
    const run = spawnSync(process.execPath, [first!, 'nonsense'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('usage: search-worker');
    // A source it was made of changes (its time moves): the next start gets a new bundle.
    const source = path.join(ROOT, 'src/lib/search/worker.ts');
    const { atime, mtime } = fs.statSync(source);
    try {
      fs.utimesSync(source, atime, new Date(mtime.getTime() - 5000));
      const manifest = path.join(ROOT, 'node_modules/.cache/wissensnetz/search-worker/current.json');
      const before = fs.readFileSync(manifest, 'utf8');
      expect(sourceWorkerBundle(ROOT)).toBe(first); // same text, same place
      expect(fs.readFileSync(manifest, 'utf8')).not.toBe(before); // but bundled again
    } finally {
      fs.utimesSync(source, atime, mtime);
    }
  });
});
