import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { getConfig } from '../../../src/lib/config';
import { runBuild } from '../../../src/lib/search/build';
import { generationDir, splitBundle, writePointer, type SearchPointer } from '../../../src/lib/search/layout';
import { INITIALS, WORD_LIST } from '../../../src/lib/search/word-lists';
import { openSearch } from '../../fixtures/search-client';
import { archiveBeitrag, publishBeitrag } from '../../fixtures/beitraege';

// A shard copied without a withdrawn Beitrag (redact.ts) keeps its word lists, less every word
// of that Beitrag — written, compound parts, synonyms — so "Meinten Sie" and query splitting go
// on working for the other Beiträge, and no word of the withdrawn one is suggested.

let before: SearchPointer;
let after: SearchPointer;

function publicWords(pointer: SearchPointer): Map<string, number> {
  const words = new Map<string, number>();
  for (const b of pointer.baseBundles) {
    const { generation, folder, audience } = splitBundle(b);
    if (audience !== 'public') continue;
    for (const initial of INITIALS) {
      const list = JSON.parse(fs.readFileSync(path.join(generationDir(generation), folder, WORD_LIST(initial)), 'utf8')) as Record<string, number>;
      for (const [w, n] of Object.entries(list)) words.set(w, (words.get(w) ?? 0) + n);
    }
  }
  return words;
}

beforeAll(async () => {
  const withdrawn = publishBeitrag({ title: 'Mondscheinregelung im Bauhof', body: 'Die Mondscheinregelung gilt für den Bauhof. Der Winterdienst beginnt früher.' });
  publishBeitrag({ title: 'Gebührenbescheide digital versenden', body: 'Die Stadtkasse verschickt Gebührenbescheide jetzt über das Bürgerpostfach.' });
  publishBeitrag({ title: 'Ladestationen am Rathaus', body: 'Vier Ladestationen für Dienstfahrzeuge wurden gebaut. Der Winterdienst räumt die Zufahrt.' });
  before = (await runBuild('full')).pointer!;
  writePointer(before);
  archiveBeitrag(withdrawn.id);
  after = (await runBuild('recent')).pointer!;
  writePointer(after);
});

describe('the word lists of a shard a Beitrag was taken out of', () => {
  it('is a copy: the base changed', () => {
    expect(after.base).not.toBe(before.base);
  });

  it('keep the words of the other Beiträge, their compound parts and synonyms', () => {
    const was = publicWords(before);
    const is = publicWords(after);
    for (const w of ['gebührenbescheide', 'stadtkasse', 'ladestationen', 'bescheide', 'stationen', 'dienstfahrzeuge']) {
      expect(was.get(w), w).toBeGreaterThan(0);
      expect(is.get(w), w).toBe(was.get(w));
    }
  });

  it('hold no word of the withdrawn Beitrag: not its own words, parts or synonyms, not even one the others share', () => {
    const was = publicWords(before);
    const is = publicWords(after);
    for (const w of ['mondscheinregelung', 'scheinregelung', 'regelung', 'mond', 'bauhof', 'winterdienst']) {
      expect(was.get(w), w).toBeGreaterThan(0);
      expect(is.has(w), w).toBe(false);
    }
  });

  it('still offer a spelling for the other Beiträge', async () => {
    const session = await openSearch(getConfig().dataDir, ['public']);
    try {
      const typo = await session.query('Gebürenbescheide');
      expect(typo.suggestion).toBe('Gebührenbescheide');
      expect(typo.hits.map((h) => h.title)).toEqual(['Gebührenbescheide digital versenden']);
      expect((await session.query('Mondscheinregelng')).hits).toEqual([]);
    } finally {
      await session.close();
    }
  });
});
