import { describe, expect, it } from 'vitest';
import { mergeLexicons, splitCompound, wordLexicon } from '../../../src/lib/search/decompound';
import { dictionaryParts } from '../../../src/lib/search/dictionary';
import { nounsOf } from '../../../src/lib/search/lexicon';
import { createEnricher } from '../../../src/lib/search/enrich';

const lexicon = wordLexicon(['schule', 'sozial', 'arbeit', 'dienst', 'fahrzeug', 'ganztag', 'antrag', 'jugend', 'amt']);

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

describe('splitCompound with the German dictionary', () => {
  it('finds parts that no text of the hub holds alone, with linking elements', async () => {
    const lexicon = mergeLexicons(await dictionaryParts(), wordLexicon([]));
    expect(splitCompound('gebührenbescheid', lexicon)).toContain('bescheid');
    expect(splitCompound('ladestation', lexicon)).toContain('station');
    expect(splitCompound('vergaberecht', lexicon)).toContain('recht');
    expect(splitCompound('informationsfreiheit', lexicon)).toEqual(['information', 'freiheit']);
    expect(splitCompound('verkehrskonzept', lexicon)).toEqual(['verkehr', 'konzept']);
  });

  it('leaves words alone that are no compounds', async () => {
    const lexicon = mergeLexicons(await dictionaryParts(), wordLexicon([]));
    for (const w of ['verwaltung', 'beitrag', 'beratung', 'digitalisierung', 'gemeinde', 'veranstaltung', 'genehmigung']) expect(splitCompound(w, lexicon), w).toEqual([]);
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
      'Die Schulsozialarbeit __schule_sozialarbeit_sozial_arbeit__ der OGS \u0001__offene_ganztagsschule__\u0002. Schulsozialarbeit wieder.',
    );
  });
});
