import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConfig } from '../../../src/lib/config';
import { runBuild } from '../../../src/lib/search/build';
import { generationDir, readPointer, splitBundle, writePointer, type SearchPointer } from '../../../src/lib/search/layout';
import { openSearch } from '../../fixtures/search-client';
import { archiveBeitrag, publishBeitrag, restrictBeitrag, reviseBeitrag } from '../../fixtures/beitraege';
import type { DocumentRow } from '../../../src/lib/documents/store';

// Withdrawn Beiträge are taken out of the base shards that hold them (redact.ts): their
// words, URL and text leave every file served to the audience, while every other Beitrag of
// those shards is still found — under its own URL, with the right filter counts.

/**
 * A made-up word per Beitrag, letters only, that stemming and word parts keep apart and that
 * differ in three places from each other: a query for a withdrawn word must not find another
 * Beitrag through "Meinten Sie …?" (which allows two typos in a long word). The umlaut makes
 * pagefind keep the spelling apart from the word ("lork" with the pages of "lörk"), which
 * has its own page numbers to follow when pages move.
 */
const letters = (i: number) => `${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`;
const wordOf = (i: number) => `xq${letters(i)}zv${letters(i)}lö${letters(i)}rk`;
const COUNT = 30;
let docs: DocumentRow[] = [];

/** What one search session (a browser's search page) finds for each term, as URLs. */
async function findEach(terms: (string | null)[], audiences = ['public'], filters: Record<string, string> = {}): Promise<string[][]> {
  const session = await openSearch(getConfig().dataDir, audiences);
  try {
    const found: string[][] = [];
    for (const term of terms) found.push((await session.search(term, filters, 100)).map((h) => h.url));
    return found;
  } finally {
    await session.close();
  }
}

const find = async (term: string | null, audiences = ['public'], filters: Record<string, string> = {}) => (await findEach([term], audiences, filters))[0]!;
const all = Array.from({ length: COUNT }, (_, i) => i);

/** The text of every file the pointer serves to an audience, gunzipped where pagefind gzips. */
function servedText(pointer: SearchPointer, audience: string): string {
  const texts: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else {
        const raw = fs.readFileSync(full);
        texts.push((raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString('utf8'));
      }
    }
  };
  for (const b of [...pointer.baseBundles, ...pointer.recentBundles, ...pointer.grace]) {
    const { generation, folder, audience: of } = splitBundle(b);
    if (of === audience) walk(path.join(generationDir(generation), folder));
  }
  return texts.join('\n').toLowerCase();
}

const urlOf = (d: DocumentRow) => `/${d.tenant}/beitraege/${d.slug}`;

beforeAll(() => {
  // Small shards and chunks: withdrawals hit several shards, pages move, chunks empty out.
  process.env['WISSENSNETZ_SEARCH_SHARD_SIZE'] = '12';
  process.env['WISSENSNETZ_SEARCH_CHUNK_BYTES'] = '300';
});
afterAll(() => {
  delete process.env['WISSENSNETZ_SEARCH_SHARD_SIZE'];
  delete process.env['WISSENSNETZ_SEARCH_CHUNK_BYTES'];
});

describe('withdrawing Beiträge from a built index', () => {
  it('takes their text out of every file served to the old audience and keeps every other Beitrag findable', async () => {
    docs = Array.from({ length: COUNT }, (_, i) =>
      publishBeitrag({ tenant: i % 3 === 0 ? 'senden' : 'duelmen', title: `Bericht Nummer ${i + 1}`, body: `Dieser Bericht erwähnt ${wordOf(i)} und den Gemeinsamwortschatz.`, stand: `20${10 + (i % 15)}-01-01` }),
    );
    writePointer((await runBuild('full')).pointer!);
    const before = readPointer()!;
    expect(await findEach(all.map(wordOf))).toEqual(all.map((i) => [urlOf(docs[i]!)]));

    // Shards are dealt out in turn (three here): all withdrawn Beiträge sit in two of them.
    const archived = [0, 12, 13];
    const withdrawn = [...archived, 4, 19, 7];
    const held = before.baseBundles.filter((b) => withdrawn.some((i) => servedTextOf(b).includes(wordOf(i))));
    archived.forEach((i) => archiveBeitrag(docs[i]!.id));
    restrictBeitrag(docs[4]!.id, 'intern');
    restrictBeitrag(docs[19]!.id, 'kommune');
    reviseBeitrag(docs[7]!.id, 'Neuer Text ohne das alte Wort, dafür mit Ersatzwortneu.');
    const recent = await runBuild('recent');
    writePointer(recent.pointer!);
    const after = readPointer()!;

    // Nothing of the withdrawn text is in any file served to anonymous visitors …
    const served = servedText(after, 'public');
    for (const i of withdrawn) {
      expect(served, `word of Beitrag ${i}`).not.toContain(wordOf(i));
      if (i !== 7) expect(served, `URL of Beitrag ${i}`).not.toContain(`${urlOf(docs[i]!)}"`);
    }
    expect(served).toContain('ersatzwortneu');
    // … and no search finds it there.
    // Every other Beitrag is found under its own URL, also those whose page moved into a hole.
    expect(await findEach(all.map(wordOf))).toEqual(all.map((i) => (withdrawn.includes(i) ? [] : [urlOf(docs[i]!)])));
    expect(await find('Ersatzwortneu')).toEqual([urlOf(docs[7]!)]);
    expect(await find(wordOf(4), ['public', 'intern'])).toEqual([urlOf(docs[4]!)]);
    // Filters count what is left: the Senden Beiträge were 0, 3, …, 27 (ten), 0 and 12 are archived.
    expect(await find(null, ['public'], { kommune: 'Senden' })).toHaveLength(8);
    // Beitrag 7's new text does not have the word any more.
    expect(await find('Gemeinsamwortschatz')).toHaveLength(COUNT - withdrawn.length);

    // Only the shards that held withdrawn Beiträge were copied; the others are served as they were.
    const untouched = before.baseBundles.filter((b) => after.baseBundles.includes(b));
    expect(untouched.length).toBeGreaterThan(0);
    expect(untouched).toEqual(before.baseBundles.filter((b) => !held.includes(b)));
    expect(after.baseBundles.length).toBe(before.baseBundles.length);
    // The shards that held withdrawn text are not served on for pages opened before the switch.
    expect(after.grace).toEqual([]);
    expect(JSON.stringify(after)).not.toContain('hidden');
  });

  it('serves on, for search pages opened before a switch, only the earlier bundles that hold nothing withdrawn since', async () => {
    const fresh = publishBeitrag({ title: 'Neu dazu', body: `Frisch: ${wordOf(40)}.` });
    writePointer((await runBuild('recent')).pointer!);
    const first = readPointer()!;
    const freshBundle = first.recentBundles.find((b) => b.endsWith('/public'))!;
    const shardOf2 = first.baseBundles.find((b) => servedTextOf(b).includes(wordOf(2)))!;

    archiveBeitrag(docs[2]!.id);
    writePointer((await runBuild('recent')).pointer!);
    const second = readPointer()!;
    expect(second.grace).toContain(freshBundle);
    expect(second.grace).not.toContain(shardOf2);
    expect(second.baseBundles).not.toContain(shardOf2);

    archiveBeitrag(fresh.id);
    writePointer((await runBuild('recent')).pointer!);
    const third = readPointer()!;
    expect(third.grace.some((b) => servedTextOf(b).includes(wordOf(40)))).toBe(false);
    expect(servedText(third, 'public')).not.toContain(wordOf(40));
    // Grace lasts one switch: the bundles of the pointer before the last are no longer served.
    expect(third.grace).not.toContain(freshBundle);
  });
});

function servedTextOf(bundle: string): string {
  return servedText({ baseBundles: [bundle], recentBundles: [], grace: [] } as unknown as SearchPointer, splitBundle(bundle).audience);
}
