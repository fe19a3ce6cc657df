import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getConfig } from '../../../src/lib/config';
import { runBuild } from '../../../src/lib/search/build';
import { generationDir, readPointer, searchDir, splitBundle, writePointer } from '../../../src/lib/search/layout';
import { rebuildSearchIndex, stopSearchIndexing } from '../../../src/lib/search/scheduler';
import { findBundleProblem, verifyBundle } from '../../../src/lib/search/verify-bundle';
import { publishBeitrag } from '../../fixtures/beitraege';
import { openSearch } from '../../fixtures/search-client';

const DAMAGING_PAGEFIND = path.resolve(import.meta.dirname, '../../fixtures/damaged-pagefind/register.mjs');

let intact: string;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'wn-bundle-check-'));

beforeAll(async () => {
  publishBeitrag({ title: 'Gebührenbescheide digital versenden', body: 'Die Stadtkasse verschickt Gebührenbescheide jetzt über das Bürgerpostfach.' });
  publishBeitrag({ title: 'Ladestationen am Rathaus', body: 'Vier Ladestationen für Dienstfahrzeuge wurden gebaut.', visibility: 'intern' });
  const outcome = await runBuild('full');
  writePointer(outcome.pointer!);
  const publicBundle = outcome.pointer!.baseBundles.find((b) => splitBundle(b).folder === 'public')!;
  intact = path.join(generationDir(splitBundle(publicBundle).generation), 'public');
});
afterAll(async () => {
  await stopSearchIndexing();
  fs.rmSync(scratch, { recursive: true, force: true });
});

let copies = 0;
/** A copy of the intact public bundle with one file damaged. */
function damagedCopy(file: string, how: 'empty' | 'truncate' | 'remove' | 'garble'): string {
  const dir = path.join(scratch, `copy-${++copies}`);
  fs.cpSync(intact, dir, { recursive: true });
  const target = path.join(dir, file);
  if (how === 'remove') fs.rmSync(target);
  else if (how === 'garble') fs.writeFileSync(target, Buffer.alloc(fs.statSync(target).size, 0x41));
  else fs.truncateSync(target, how === 'empty' ? 0 : Math.floor(fs.statSync(target).size / 2));
  return dir;
}

const firstIn = (sub: string) => `${sub}/${fs.readdirSync(path.join(intact, sub)).sort()[0]!}`;
const metaFile = () => fs.readdirSync(intact).find((f) => f.endsWith('.pf_meta'))!;

describe('checking a bundle before it is served', () => {
  it('finds nothing wrong with a bundle as the build writes it', () => {
    expect(findBundleProblem(intact)).toBeNull();
  });

  it('refuses an empty or cut-off pagefind-entry.json, naming the file in English', () => {
    expect(findBundleProblem(damagedCopy('pagefind-entry.json', 'empty'))).toBe('pagefind-entry.json is empty (0 bytes)');
    expect(findBundleProblem(damagedCopy('pagefind-entry.json', 'truncate'))).toMatch(/^pagefind-entry\.json is damaged or cut off/);
    expect(() => verifyBundle(damagedCopy('pagefind-entry.json', 'empty'), 'public')).toThrow('incomplete search bundle public: pagefind-entry.json is empty (0 bytes)');
  });

  it('refuses a bundle whose metadata is missing, empty or cut off', () => {
    expect(findBundleProblem(damagedCopy(metaFile(), 'remove'))).toBe(`${metaFile()} is missing`);
    expect(findBundleProblem(damagedCopy(metaFile(), 'empty'))).toBe(`${metaFile()} is empty (0 bytes)`);
    expect(findBundleProblem(damagedCopy(metaFile(), 'truncate'))).toMatch(/is damaged or cut off/);
  });

  it('refuses a missing, empty, cut-off or garbled fragment, word-index chunk or filter', () => {
    for (const sub of ['fragment', 'index', 'filter']) {
      const file = firstIn(sub);
      expect(findBundleProblem(damagedCopy(file, 'remove')), `${file} removed`).toBe(`${file} is missing`);
      expect(findBundleProblem(damagedCopy(file, 'empty')), `${file} emptied`).toBe(`${file} is empty (0 bytes)`);
      expect(findBundleProblem(damagedCopy(file, 'truncate')), `${file} cut off`).toMatch(new RegExp(`^${file.replace('.', '\\.')} is damaged or cut off`));
      expect(findBundleProblem(damagedCopy(file, 'garble')), `${file} garbled`).toMatch(/is damaged or cut off/);
    }
  });

  it('refuses missing or damaged scripts, WebAssembly and Stand list', () => {
    expect(findBundleProblem(damagedCopy('wasm.de.pagefind', 'remove'))).toBe('wasm.de.pagefind is missing');
    expect(findBundleProblem(damagedCopy('pagefind.js', 'empty'))).toBe('pagefind.js is empty (0 bytes)');
    expect(findBundleProblem(damagedCopy('pagefind-worker.js.gz', 'truncate'))).toMatch(/^pagefind-worker\.js\.gz is damaged or cut off/);
    expect(findBundleProblem(damagedCopy('stand.json', 'truncate'))).toMatch(/stand\.json/);
  });
});

describe('a build whose bundle came out incomplete', () => {
  it('is never switched in: the previous index keeps serving, the log says why, and the retry switches in a complete one', { timeout: 240_000 }, async () => {
    const before = readPointer()!;
    const fresh = publishBeitrag({ title: 'Vergaberecht für kleine Bauaufträge', body: 'Eine Checkliste zur Unterschwellenvergabeordnung bei Aufträgen unter den Schwellenwerten.' });
    const order = path.join(scratch, 'damage-order.json');
    fs.writeFileSync(order, JSON.stringify({ file: 'pagefind-entry.json', how: 'empty' }));
    const log: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      log.push(String(chunk));
      return write(chunk, ...(rest as []));
    });
    const nodeOptions = process.env['NODE_OPTIONS'];
    process.env['NODE_OPTIONS'] = `${nodeOptions ?? ''} --import ${DAMAGING_PAGEFIND}`.trim();
    process.env['WISSENSNETZ_TEST_DAMAGE_ONCE'] = order;
    try {
      const failed = await rebuildSearchIndex('Test: unvollständiges Bundle');
      // The damage really happened in the worker's bundle …
      const taken = fs.readdirSync(scratch).find((f) => f.startsWith('damage-order.json.taken-'));
      expect(taken, 'the worker took the damage order').toBeDefined();
      // … and that build was refused, the pointer left as it was.
      expect(failed.ok).toBe(false);
      expect(failed.error).toContain('incomplete search bundle');
      expect(failed.error).toContain('pagefind-entry.json is empty (0 bytes)');
      expect(readPointer()).toEqual(before);
      expect(fs.readdirSync(searchDir()).filter((f) => f.startsWith('tmp-'))).toEqual([]);
      const line = log.map((l) => l.trim()).find((l) => l.includes('"search-bundle-incomplete"'));
      expect(line, 'an operator log line').toBeDefined();
      const entry = JSON.parse(line!) as { level: string; problem: string; action: string };
      expect(entry.level).toBe('error');
      expect(entry.problem).toMatch(/^incomplete search bundle (public|intern): pagefind-entry\.json is empty \(0 bytes\)$/);
      expect(entry.action).toMatch(/not switched in; the previous search index keeps serving; building again in 1 s/);

      // The old index still answers, without the Beitrag published since.
      const old = await openSearch(getConfig().dataDir, ['public']);
      expect((await old.search('Gebührenbescheide')).length).toBeGreaterThan(0);
      expect((await old.search('Unterschwellenvergabeordnung')).map((h) => h.url)).not.toContain(`/duelmen/beitraege/${fresh.slug}`);
      await old.close();

      // The retry builds again by itself and switches in a complete index.
      const end = Date.now() + 180_000;
      while (readPointer()!.switchedAt === before.switchedAt) {
        if (Date.now() > end) throw new Error(`no retry switched in; log: ${log.join('')}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      const after = readPointer()!;
      for (const b of [...after.baseBundles, ...after.recentBundles]) expect(findBundleProblem(path.join(generationDir(splitBundle(b).generation), splitBundle(b).folder)), b).toBeNull();
      const now = await openSearch(getConfig().dataDir, ['public']);
      expect((await now.search('Unterschwellenvergabeordnung')).map((h) => h.url)).toContain(`/duelmen/beitraege/${fresh.slug}`);
      await now.close();
    } finally {
      if (nodeOptions === undefined) delete process.env['NODE_OPTIONS'];
      else process.env['NODE_OPTIONS'] = nodeOptions;
      delete process.env['WISSENSNETZ_TEST_DAMAGE_ONCE'];
    }
  });
});
