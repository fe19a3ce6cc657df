import { describe, expect, it } from 'vitest';
import { splitCompound } from '../../../src/lib/search/decompound';
import { nounsOf } from '../../../src/lib/search/lexicon';
import { createEnricher } from '../../../src/lib/search/enrich';

const lexicon = new Set(['schule', 'sozial', 'arbeit', 'dienst', 'fahrzeug', 'ganztag', 'antrag', 'jugend', 'amt']);

describe('splitCompound', () => {
  it('splits "schulsozialarbeit" into its parts and inner compounds', () => {
    expect(splitCompound('schulsozialarbeit', lexicon)).toEqual(['schule', 'sozialarbeit', 'sozial', 'arbeit']);
  });

  it('keeps the inflected last part: "dienstfahrzeuge" → "dienst", "fahrzeuge"', () => {
    expect(splitCompound('dienstfahrzeuge', lexicon)).toEqual(['dienst', 'fahrzeuge']);
  });

  it('removes a linking s: "ganztagsschule" → "ganztag", "schule"', () => {
    expect(splitCompound('ganztagsschule', lexicon)).toEqual(['ganztag', 'schule']);
  });

  it('does not split words whose parts are unknown', () => {
    expect(splitCompound('verwaltung', lexicon)).toEqual([]);
    expect(splitCompound('digitalisierung', lexicon)).toEqual([]);
  });
});

describe('nounsOf', () => {
  it('takes capitalised words inside sentences, not sentence starts or short words', () => {
    expect(nounsOf('Dabei hat die Verwaltung das Tablet und den Rat gefragt. Danach kam Ruhe.')).toEqual(['verwaltung', 'tablet', 'ruhe']);
  });
});

describe('createEnricher', () => {
  it('adds hidden parts after the first occurrence of a compound and synonyms after the first term', () => {
    const enrich = createEnricher(lexicon, [['OGS', 'Offene Ganztagsschule']]);
    expect(enrich('Die Schulsozialarbeit der OGS. Schulsozialarbeit wieder.')).toBe(
      'Die Schulsozialarbeit __schule_sozialarbeit_sozial_arbeit__ der OGS __offene_ganztagsschule__. Schulsozialarbeit wieder.',
    );
  });
});
