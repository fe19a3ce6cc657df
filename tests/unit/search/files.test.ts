import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resetConfig } from '../../../src/lib/config';
import type { Viewer } from '../../../src/lib/auth/viewer';
import { resolveIndexFile } from '../../../src/lib/search/files';
import { POINTER_FORMAT, writePointer } from '../../../src/lib/search/layout';

const staff: Viewer = { id: 'u', email: 'u@example.invalid', name: 'U', memberships: { senden: 'mitarbeiter' }, isKreisAdmin: false };

beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wn-files-'));
  process.env['WISSENSNETZ_DATA_DIR'] = dir;
  resetConfig();
  for (const generation of ['b-0-1', 'b-1-1', 'r-2-1']) {
    for (const bundle of ['public', 'public.2', 'intern', 'kommune-duelmen']) {
      fs.mkdirSync(path.join(dir, 'search', generation, bundle, 'fragment'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'search', generation, bundle, 'pagefind.js'), 'js');
      fs.writeFileSync(path.join(dir, 'search', generation, bundle, 'pagefind.js.gz'), 'gz');
      fs.writeFileSync(path.join(dir, 'search', generation, bundle, 'fragment', 'de_1.pf_fragment'), 'f');
    }
    fs.writeFileSync(path.join(dir, 'search', generation, 'snapshot.json'), '{}');
  }
  writePointer({
    format: POINTER_FORMAT,
    base: 'b-1-1',
    baseBundles: ['b-1-1/public', 'b-1-1/public.2', 'b-1-1/intern', 'b-1-1/kommune-duelmen'],
    recent: 'r-2-1',
    recentBundles: ['r-2-1/intern'],
    grace: ['b-0-1/public.2'],
    switchedAt: new Date().toISOString(),
  });
});

describe('resolveIndexFile', () => {
  it('serves public bundles and their shards to anonymous visitors, kept by the browser but by no shared cache', () => {
    const answer = resolveIndexFile(null, 'b-1-1/public.2/fragment/de_1.pf_fragment');
    expect(answer).toMatchObject({ status: 200, headers: { 'Cache-Control': 'private, max-age=31536000, immutable' } });
  });

  it('hides intern bundles from anonymous visitors (404) and gives them to staff, never cached', () => {
    expect(resolveIndexFile(null, 'b-1-1/intern/fragment/de_1.pf_fragment').status).toBe(404);
    expect(resolveIndexFile(staff, 'b-1-1/intern/fragment/de_1.pf_fragment')).toMatchObject({ status: 200, headers: { 'Cache-Control': 'private, no-store' } });
  });

  it('refuses a Kommune bundle to members of another Kommune', () => {
    expect(resolveIndexFile(staff, 'b-1-1/kommune-duelmen/pagefind.js').status).toBe(403);
  });

  it('never serves the snapshot, paths outside a bundle or the .gz files by name', () => {
    expect(resolveIndexFile(staff, 'b-1-1/snapshot.json').status).toBe(404);
    expect(resolveIndexFile(staff, 'b-1-1/public/../intern/pagefind.js').status).toBe(404);
    expect(resolveIndexFile(staff, 'b-1-1/public/pagefind.js.gz').status).toBe(404);
  });

  it('serves only the bundles the current pointer names (and those still in grace): older files are 404 even to their audience', () => {
    expect(resolveIndexFile(null, 'b-0-1/public/fragment/de_1.pf_fragment').status).toBe(404);
    expect(resolveIndexFile(staff, 'b-0-1/intern/pagefind.js').status).toBe(404);
    expect(resolveIndexFile(staff, 'r-2-1/public/pagefind.js').status).toBe(404);
    expect(resolveIndexFile(staff, 'r-2-1/intern/pagefind.js').status).toBe(200);
    expect(resolveIndexFile(null, 'b-0-1/public.2/fragment/de_1.pf_fragment').status).toBe(200);
  });

  it('sends the gzipped script with Content-Encoding to browsers that accept gzip', () => {
    const answer = resolveIndexFile(null, 'b-1-1/public/pagefind.js', true);
    expect(answer).toMatchObject({ status: 200, headers: { 'Content-Encoding': 'gzip', 'Content-Type': expect.stringContaining('javascript') } });
    expect(answer.status === 200 && answer.file.endsWith('.gz')).toBe(true);
  });
});
