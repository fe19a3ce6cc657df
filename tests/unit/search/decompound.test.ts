import { describe, expect, it } from 'vitest';
import { compoundParts, knownEnd, mergeLexicons, splitCompound, wordLexicon } from '../../../src/lib/search/decompound';
import { dictionaryParts } from '../../../src/lib/search/dictionary';
import { nounsOf } from '../../../src/lib/search/lexicon';
import { createEnricher } from '../../../src/lib/search/enrich';
import { recordHtml } from '../../../src/lib/search/bundle';

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

  it('indexes the last part of a plural that doubles the s in its base form ("Schulbusse" → "bus"), not a singular with ss', async () => {
    const lexicon = mergeLexicons(await dictionaryParts(), wordLexicon([]));
    expect(splitCompound('schulbusse', lexicon)).toEqual(['schule', 'bus']);
    expect(splitCompound('umfrageergebnisse', lexicon)).toContain('ergebnis');
    expect(splitCompound('arbeitsprozesse', lexicon)).toContain('prozesse');
    // "Gasse" is a noun of its own, not a plural of "Gas".
    expect(splitCompound('altstadtgassen', lexicon)).toContain('gassen');
    expect(splitCompound('altstadtgassen', lexicon)).not.toContain('gas');
  });

  it('gives a first part ending in -ung, -heit or -schaft its linking s, and never starts a part with such a suffix', async () => {
    const lexicon = mergeLexicons(await dictionaryParts(), wordLexicon([]));
    expect(splitCompound('gesundheitsamt', lexicon)).toEqual(['gesundheit', 'amt']);
    expect(splitCompound('abteilungsleitung', lexicon)).toEqual(['abteilung', 'leitung']);
    expect(splitCompound('landschaftspflege', lexicon)).toEqual(['landschaft', 'pflege']);
  });

  it('leaves words alone that are no compounds', async () => {
    const lexicon = mergeLexicons(await dictionaryParts(), wordLexicon([]));
    for (const w of ['verwaltung', 'beitrag', 'beratung', 'digitalisierung', 'gemeinde', 'veranstaltung', 'genehmigung']) expect(splitCompound(w, lexicon), w).toEqual([]);
  });
});

describe('compound roles', () => {
  it('tells the head (last part, and the heads inside it) from the modifiers before it', async () => {
    const lexicon = mergeLexicons(await dictionaryParts(), wordLexicon([]));
    const roles = compoundParts('kinderspielplatz', lexicon);
    expect(roles.filter((p) => p.head).map((p) => p.part)).toEqual(['spielplatz', 'platz']);
    expect(roles.filter((p) => !p.head).map((p) => p.part)).toEqual(['kind', 'spiel']);
  });
});

describe('knownEnd', () => {
  it('finds the known last part of a noun whose first part no dictionary has', async () => {
    // The hub's nouns are in the lexicon too (the compound itself among them): that must not hide the end.
    const lexicon = mergeLexicons(await dictionaryParts(), wordLexicon(['sharepointablage', 'tabletgarage']));
    expect(splitCompound('sharepointablage', lexicon)).toEqual([]);
    expect(knownEnd('sharepointablage', lexicon)).toEqual([{ part: 'ablage', head: true }]);
    expect(knownEnd('tabletgaragen', lexicon).map((p) => p.part)).toEqual(['garagen']);
  });

  it('leaves names, short ends and known words alone', async () => {
    const lexicon = mergeLexicons(await dictionaryParts(), wordLexicon([]));
    for (const w of ['lüdinghausen', 'coesfeld', 'havixbeck', 'gegenstand', 'verwaltung']) expect(knownEnd(w, lexicon), w).toEqual([]);
  });
});

describe('nounsOf', () => {
  it('takes capitalised words inside sentences, not sentence starts or short words', () => {
    expect(nounsOf('Dabei hat die Verwaltung das Tablet und den Rat gefragt. Danach kam Ruhe.')).toEqual(['verwaltung', 'tablet', 'ruhe']);
  });
});

describe('createEnricher', () => {
  it('adds heads and modifiers of a compound apart after its first occurrence, and synonyms after the first term', () => {
    const enrich = createEnricher(lexicon, [['OGS', 'Offene Ganztagsschule']]);
    expect(enrich('Die Schulsozialarbeit der OGS. Schulsozialarbeit wieder.')).toBe(
      'Die Schulsozialarbeit \u0003__sozialarbeit_arbeit__\u0004 \u0005__schule_sozial__\u0006 der OGS \u0001__offene_ganztagsschule__\u0002. Schulsozialarbeit wieder.',
    );
  });

  it('gives a noun with an unknown first part its known end, not a lowercase word', async () => {
    const enrich = createEnricher(mergeLexicons(await dictionaryParts(), wordLexicon([])), []);
    expect(enrich('Die Sharepointablage')).toBe('Die Sharepointablage \u0003__ablage__\u0004');
    expect(enrich('wir sharepointablage')).toBe('wir sharepointablage');
  });
});

describe('recordHtml', () => {
  it('weighs the head of a compound at half and a modifier at a quarter of the element it stands in', async () => {
    const enrich = createEnricher(mergeLexicons(await dictionaryParts(), wordLexicon([])), []);
    const html = recordHtml(
      { key: 'doc:1', audience: 'public', url: '/x', title: 'Sanierung am Kirchturm', lead: 'Die Turmuhr steht.', tags: [], text: 'Der Kirchturm ist eingerüstet.', meta: {}, filters: {}, stand: '' },
      enrich,
      'b-1-1',
    );
    // Title (weight 7): "turm" is what a Kirchturm is, "kirche" only says which.
    expect(html).toMatch(/<h1>Sanierung am Kirchturm <span data-pagefind-weight="3.5">__turm__<\/span> <span data-pagefind-weight="1.75">__kirch\w*__<\/span><\/h1>/);
    // Summary (weight 4): a Turmuhr is an Uhr, the Turm only modifies it.
    expect(html).toContain('Die Turmuhr <span data-pagefind-weight="2">__uhr__</span> <span data-pagefind-weight="1">__turm__</span> steht.');
    // Body (weight 1).
    expect(html).toContain('Der Kirchturm <span data-pagefind-weight="0.5">__turm__</span>');
  });
});
