import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConfig } from '../../../src/lib/config';
import { runBuild } from '../../../src/lib/search/build';
import { COMMON_POSITIONS, POSITIONS_PER_PAGE } from '../../../src/lib/search/compact';
import { decodeLocations, readPagefindFile } from '../../../src/lib/search/pagefind-files';
import { generationDir, writePointer, type SearchPointer } from '../../../src/lib/search/layout';
import { openSearch, type SearchSession } from '../../fixtures/search-client';
import { publishBeitrag } from '../../fixtures/beitraege';

/** Words none of which starts another; each Beitrag holds some of them. */
const WORDS = ['Holunderhecke', 'Quarzlampe', 'Ziegelmauer', 'Wasserzähler', 'Kletterwand', 'Lärmschutzwand', 'Obstwiese', 'Feuerlöscher', 'Sporthalle', 'Bücherei', 'Grünschnitt', 'Parkuhr', 'Streusalz', 'Kanalnetz', 'Mensa', 'Taubenschlag'];
/** Inflected forms as somebody types them. */
const TYPED: Record<string, string> = { Holunderhecken: 'Holunderhecke', Ziegelmauern: 'Ziegelmauer', Obstwiesen: 'Obstwiese', Sporthallen: 'Sporthalle', Büchereien: 'Bücherei', Kletterwände: 'Kletterwand' };
const BEITRAEGE = 8;
const has = (i: number, j: number) => (i + j) % 3 === 0 || j % BEITRAEGE === i;
/** Repeated in every Beitrag often enough to count as a common word. */
const COMMON = 'Rathausfenster';
const REPEAT = Math.ceil(COMMON_POSITIONS / BEITRAEGE) + 50;

let session: SearchSession;
let pointer: SearchPointer;
const urls: string[] = [];

beforeAll(async () => {
  // Chunks of ~150 bytes: nearly every word sits at the edge of a chunk.
  process.env['WISSENSNETZ_SEARCH_CHUNK_BYTES'] = '150';
  for (let i = 0; i < BEITRAEGE; i++) {
    const mine = WORDS.filter((_, j) => has(i, j));
    const body = [...mine.map((w) => `Im Projekt ging es um die ${w}.`), ...Array.from({ length: REPEAT }, (_, k) => `${COMMON} ${k}.`)].join(' ');
    urls.push(`/duelmen/beitraege/${publishBeitrag({ title: `Bericht Nummer ${i + 1}`, summary: 'Ein Bericht aus dem Rathaus.', body }).slug}`);
  }
  pointer = (await runBuild('full')).pointer!;
  writePointer(pointer);
  session = await openSearch(getConfig().dataDir, ['public']);
});
afterAll(async () => {
  delete process.env['WISSENSNETZ_SEARCH_CHUNK_BYTES'];
  await session?.close();
});

describe('compacted search bundles', () => {
  it('cut the word index into many small chunks', () => {
    const index = path.join(generationDir(pointer.base), 'public', 'index');
    expect(fs.readdirSync(index).length).toBeGreaterThan(WORDS.length);
  });

  it('find exactly the Beiträge holding a word, with the word highlighted, however the chunks fall', async () => {
    for (const [j, word] of WORDS.entries()) {
      const hits = await session.search(word, {}, 100);
      expect(hits.map((h) => h.url).sort(), word).toEqual(urls.filter((_, i) => has(i, j)).sort());
      for (const h of hits) expect(h.excerpt, word).toContain(`[${word}`);
    }
  });

  it('find a word typed in another form than the one indexed', async () => {
    for (const [typed, word] of Object.entries(TYPED)) {
      const j = WORDS.indexOf(word);
      expect((await session.search(typed, {}, 100)).map((h) => h.url).sort(), typed).toEqual(urls.filter((_, i) => has(i, j)).sort());
    }
  });

  it("leave each page's packed facts out of the word index, and still show them with every hit", async () => {
    const dir = path.join(generationDir(pointer.base), 'public');
    const metaFile = fs.readdirSync(dir).find((f) => f.endsWith('.pf_meta'))!;
    const chunks = (readPagefindFile(path.join(dir, metaFile)) as unknown[][])[2] as string[][];
    const words = chunks.flatMap((c) => (readPagefindFile(path.join(dir, 'index', `${c[2]}.pf_index`)) as [string][][])[0]!.map((w) => w[0]));
    expect(words).toContain('bericht');
    // The packed facts are hex of their JSON (meta.ts); no word of the index is such a string any more.
    expect(words.filter((w) => /^[0-9a-f]{20,}$/.test(w))).toEqual([]);
    expect(chunks.flatMap((c) => [c[0], c[1]]).filter((r) => /^7b22/.test(r!))).toEqual([]);
    const hits = await session.search('Bericht', {}, 100);
    // The hub's own pages (Hilfe …) say "Bericht" too; every hit has its title from the packed facts.
    expect(hits.map((h) => h.title)).toEqual(expect.arrayContaining(Array.from({ length: BEITRAEGE }, (_, i) => `Bericht Nummer ${i + 1}`)));
    for (const h of hits) expect(h.title, h.url).not.toBe('');
  });

  it(`keep at most ${POSITIONS_PER_PAGE} positions per page of a common word, which still finds every page and is highlighted`, async () => {
    const hits = await session.search(COMMON, {}, 100);
    expect(hits.map((h) => h.url).sort()).toEqual([...urls].sort());
    for (const h of hits) expect(h.excerpt).toContain(`[${COMMON}]`);
    const dir = path.join(generationDir(pointer.base), 'public');
    const metaFile = fs.readdirSync(dir).find((f) => f.endsWith('.pf_meta'))!;
    const chunks = (readPagefindFile(path.join(dir, metaFile)) as unknown[][])[2] as string[][];
    const entry = chunks
      .flatMap((c) => (readPagefindFile(path.join(dir, 'index', `${c[2]}.pf_index`)) as [string, [number, number[]][]][][])[0]!)
      .find((w) => w[0].startsWith('rathausfen')); // its stem
    expect(entry?.[1]).toHaveLength(BEITRAEGE);
    for (const page of entry![1]) expect(decodeLocations(page[1]).length).toBeLessThanOrEqual(POSITIONS_PER_PAGE);
  });
});
