import { describe, expect, it } from 'vitest';
import { fieldFromFrontMatter, fieldText, listItems } from '../../../src/lib/documents/fields';
import { dataFromFrontMatter, frontMatterSchema } from '../../../src/lib/documents/data';
import { TYPE_FIELDS, type FieldDef } from '../../../src/lib/documents/vocabulary';

const def = (type: keyof typeof TYPE_FIELDS, name: string): FieldDef => TYPE_FIELDS[type].find((f) => f.name === name)!;

const base = {
  title: 'Ein Beitrag zum Testen',
  themenfelder: ['schule'],
  summary: 'Eine Zusammenfassung mit genug Zeichen.',
  stand: '2026-01-01',
  contact: { mailbox: 'test@example.org' },
};

describe('listItems', () => {
  it('takes Markdown bullets and numbers off and drops empty lines', () => {
    expect(listItems('- Schulverwaltungsämter\n* IT-Abteilungen\n\n1. Datenschutz\n  Kämmerei  ')).toEqual(['Schulverwaltungsämter', 'IT-Abteilungen', 'Datenschutz', 'Kämmerei']);
  });
});

describe('fieldFromFrontMatter', () => {
  it('reads a list field from a YAML list and from a Markdown list block alike', () => {
    const zielgruppe = def('leitfaden', 'zielgruppe');
    expect(fieldFromFrontMatter(zielgruppe, ['Schulträger', 'Kämmereien'])).toEqual({ value: 'Schulträger\nKämmereien' });
    expect(fieldFromFrontMatter(zielgruppe, '- Schulträger\n- Kämmereien\n')).toEqual({ value: 'Schulträger\nKämmereien' });
  });

  it('keeps a text field on one line and refuses a list there', () => {
    const kosten = def('projektbericht', 'kosten');
    expect(fieldFromFrontMatter(kosten, 'ca. 12.000 €\nfür Moderation')).toEqual({ value: 'ca. 12.000 € für Moderation' });
    expect(fieldFromFrontMatter(kosten, 12000)).toEqual({ value: '12000' });
    expect(fieldFromFrontMatter(kosten, ['a', 'b'])).toHaveProperty('error');
  });

  it('turns a YAML list in a Markdown field into a Markdown list', () => {
    expect(fieldFromFrontMatter(def('projektbericht', 'beteiligte'), ['Schulamt', 'IT'])).toEqual({ value: '- Schulamt\n- IT' });
  });

  it('accepts only the offered values of a choice', () => {
    const status = def('projektbericht', 'projektstatus');
    expect(fieldFromFrontMatter(status, 'laufend')).toEqual({ value: 'laufend' });
    expect(fieldFromFrontMatter(status, 'irgendwie')).toEqual({ error: 'must be one of geplant, laufend, abgeschlossen' });
  });
});

describe('front matter of each type', () => {
  it('names the file field that has a list where one line of text belongs', () => {
    const result = frontMatterSchema.safeParse({ ...base, type: 'projektbericht', fields: { kosten: ['viel', 'mehr'] } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['fields', 'kosten']);
  });

  it('gives every structured field of every type its stored form', () => {
    const samples: Record<string, unknown> = {
      markdown: '**Fett** und\n\n- ein Punkt\n',
      text: 'eine Zeile',
      list: ['erste Gruppe', 'zweite Gruppe'],
    };
    for (const [type, defs] of Object.entries(TYPE_FIELDS)) {
      const fields = Object.fromEntries(defs.map((d) => [d.name, d.kind === 'choice' ? d.options![0] : samples[d.kind]]));
      const data = dataFromFrontMatter(frontMatterSchema.parse({ ...base, type, fields }));
      for (const d of defs) {
        const expected = d.kind === 'markdown' ? '**Fett** und\n\n- ein Punkt' : d.kind === 'text' ? 'eine Zeile' : d.kind === 'list' ? 'erste Gruppe\nzweite Gruppe' : d.options![0];
        expect(data.fields[d.name], `${type}.${d.name}`).toBe(expected);
        expect(fieldText(d, data.fields[d.name])).not.toBe('');
      }
    }
  });
});
