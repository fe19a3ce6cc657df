import { describe, expect, it } from 'vitest';
import { mergeLexicons, wordLexicon } from '../../../src/lib/search/decompound';
import { dictionaryParts } from '../../../src/lib/search/dictionary';
import { createEnricher } from '../../../src/lib/search/enrich';
import { feminineForms, masculineOf } from '../../../src/lib/search/gender';
import { doubledSBase, masculineForm, type Vocabulary } from '../../../src/scripts/search/words';

describe('feminine forms from the German dictionary', () => {
  it('forms them by the dictionary\'s rules', () => {
    expect(feminineForms('lehrer')).toEqual(['lehrerin', 'lehrerinnen']);
    expect(feminineForms('kunde')).toEqual(['kundin', 'kundinnen']);
    expect(feminineForms('zauberer')).toEqual(['zauberin', 'zauberinnen']);
  });

  it('names the masculine form of a feminine word, also at the end of a compound and with an umlaut', async () => {
    const { masculine } = await dictionaryParts();
    expect(masculineOf('erzieherinnen', masculine)).toBe('erzieher');
    expect(masculineOf('lehrerin', masculine)).toBe('lehrer');
    expect(masculineOf('kundin', masculine)).toBe('kunde');
    expect(masculineOf('sachbearbeiterinnen', masculine)).toBe('sachbearbeiter');
    expect(masculineOf('anwältinnen', masculine)).toBe('anwalt');
  });

  it('leaves words alone that only end like one', async () => {
    const { masculine } = await dictionaryParts();
    for (const word of ['termin', 'magazin', 'medizin', 'benzin', 'disziplin', 'innen', 'beginnen', 'lehrer']) expect(masculineOf(word, masculine), word).toBeNull();
  });
});

describe('the index of a text with a feminine form', () => {
  it('holds the masculine form as a synonym and its parts as the word\'s parts', async () => {
    const enrich = createEnricher(mergeLexicons(await dictionaryParts(), wordLexicon([])), []);
    expect(enrich('Zwei Sachbearbeiterinnen prüfen')).toBe('Zwei Sachbearbeiterinnen \u0003__bearbeiter__\u0004 \u0005__sache__\u0006 \u0001__sachbearbeiter__\u0002 prüfen');
    expect(enrich('Die Anwältin')).toBe('Die Anwältin \u0001__anwalt__\u0002');
    // Said in both forms: the masculine one is not added again.
    expect(enrich('Lehrer und Lehrerinnen')).toBe('Lehrer und Lehrerinnen');
  });
});

describe('the masculine form of a query word', () => {
  const hub = ['lehrer', 'kollege', 'arzt', 'zauberer', 'bauer', 'term'];
  const vocabulary: Vocabulary = async (initial) => new Map(hub.filter((w) => w.startsWith(initial)).map((w) => [w, 1]));

  it('is the hub\'s word the dictionary\'s rules lead back to', async () => {
    expect(await masculineForm('Lehrerinnen', vocabulary)).toBe('lehrer');
    expect(await masculineForm('Kollegin', vocabulary)).toBe('kollege');
    expect(await masculineForm('Ärztinnen', vocabulary)).toBe('arzt');
    expect(await masculineForm('Zauberin', vocabulary)).toBe('zauberer');
    expect(await masculineForm('Bäuerin', vocabulary)).toBe('bauer');
  });

  it('is null for a word without the ending or a form the hub does not have', async () => {
    expect(await masculineForm('Lehrer', vocabulary)).toBeNull();
    expect(await masculineForm('Schülerin', vocabulary)).toBeNull();
    expect(await masculineForm('Mitarbeiter:innen', vocabulary)).toBeNull();
  });
});

describe('the base form of a query plural that doubles the s', () => {
  const hub = ['bus', 'ergebnis', 'gas', 'gasse'];
  const vocabulary: Vocabulary = async (initial) => new Map(hub.filter((w) => w.startsWith(initial)).map((w) => [w, 1]));

  it('is the hub\'s word without the doubled s ("Busse" → "bus"), never for a word of its own ("Gassen")', async () => {
    expect(await doubledSBase('Busse', vocabulary)).toBe('bus');
    expect(await doubledSBase('Ergebnissen', vocabulary)).toBe('ergebnis');
    expect(await doubledSBase('Gassen', vocabulary)).toBeNull();
    expect(await doubledSBase('Gasse', vocabulary)).toBeNull();
    expect(await doubledSBase('Bus', vocabulary)).toBeNull();
  });
});
