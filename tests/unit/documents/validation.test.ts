import { describe, expect, it } from 'vitest';
import { emptyValues, readEditorForm, valuesFromData } from '../../../src/lib/documents/form';
import { validateValues } from '../../../src/lib/documents/validation';

function formData(entries: [string, string][]): FormData {
  const form = new FormData();
  for (const [k, v] of entries) form.append(k, v);
  return form;
}

const valid: [string, string][] = [
  ['title', 'Tablets für Grundschulen'],
  ['summary', 'Wie wir 1.200 Tablets ausgerollt haben.'],
  ['topics', 'schule'],
  ['topics', 'bildung'],
  ['tags', 'Tablets, MDM , Tablets'],
  ['visibility', 'oeffentlich'],
  ['stand', '2026-05-01'],
  ['reviewDue', '2027-05-01'],
  ['contactMailbox', 'schule@duelmen.de'],
  ['field-ausgangslage', 'Alte Geräte.'],
  ['body', 'Der Bericht.'],
];

describe('validateValues', () => {
  it('accepts a complete Erfahrungsbericht and normalises tags and topics', () => {
    const result = validateValues(readEditorForm(formData(valid), 'erfahrungsbericht'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.tags).toEqual(['Tablets', 'MDM']);
    expect(result.data.topics).toEqual(['schule', 'bildung']);
    expect(result.data.fields).toEqual({ ausgangslage: 'Alte Geräte.' });
    expect(result.data.contact).toEqual({ mailbox: 'schule@duelmen.de', person: null });
  });

  it('names every missing or broken field in German', () => {
    const result = validateValues(readEditorForm(formData([['stand', '2026-02-30'], ['reviewDue', '2020-01-01'], ['contactMailbox', 'kein-postfach'], ['ref-0-system', 'oparl'], ['ref-0-url', 'javascript:alert(1)']]), 'projektbericht'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toMatchObject({
      title: 'Bitte geben Sie einen Titel mit mindestens 3 Zeichen ein.',
      summary: 'Bitte fassen Sie den Beitrag in mindestens 10 Zeichen zusammen.',
      topics: 'Bitte wählen Sie mindestens ein Themenfeld.',
      visibility: 'Bitte wählen Sie, wer den Beitrag lesen darf.',
      stand: 'Bitte geben Sie den Stand als Datum im Format JJJJ-MM-TT an.',
      contactMailbox: expect.stringContaining('gültige E-Mail-Adresse'),
      'ref-0-drucksache': 'Bitte geben Sie die Nummer der Drucksache an.',
      'ref-0-url': expect.stringContaining('https://'),
      'field-projektstatus': 'Bitte wählen Sie: Status des Projekts.',
      body: 'Bitte schreiben Sie den Text des Beitrags.',
    });
  });

  it('wants the next review after the Stand', () => {
    const entries = valid.map(([k, v]): [string, string] => (k === 'reviewDue' ? [k, '2026-04-01'] : [k, v]));
    const result = validateValues(readEditorForm(formData(entries), 'erfahrungsbericht'));
    expect(result.ok === false && result.errors['reviewDue']).toBe('Die nächste Prüfung muss nach dem Stand liegen.');
  });

  it('checks a council link against the shape of the system chosen for it', () => {
    const ref = (system: string, url: string) => validateValues(readEditorForm(formData([...valid, ['ref-0-drucksache', 'SV-9-1728'], ['ref-0-system', system], ['ref-0-url', url]]), 'erfahrungsbericht'));
    const sessionnet = ref('sessionnet', 'https://sessionnet.krz.de/coesfeld/bi/vo0050.asp?__kvonr=1728');
    expect(sessionnet.ok && sessionnet.data.references).toEqual([{ drucksache: 'SV-9-1728', title: null, oparl: null, system: 'sessionnet', url: 'https://sessionnet.krz.de/coesfeld/bi/vo0050.asp?__kvonr=1728' }]);
    const oparl = ref('oparl', 'https://oparl.example.de/paper/1');
    expect(oparl.ok && oparl.data.references[0]).toMatchObject({ system: 'oparl', oparl: 'https://oparl.example.de/paper/1' });
    expect(ref('allris', 'https://sessionnet.krz.de/coesfeld/bi/vo0050.asp?__kvonr=1728')).toMatchObject({ ok: false, errors: { 'ref-0-url': expect.stringContaining('VOLFDNR') } });
    expect(ref('', 'https://sessionnet.krz.de/coesfeld/bi/vo0050.asp?__kvonr=1728')).toMatchObject({ ok: false, errors: { 'ref-0-system': expect.stringContaining('System') } });
    expect(ref('fax', 'https://x.example.de/')).toMatchObject({ ok: false, errors: { 'ref-0-system': expect.stringContaining('angebotenen') } });
  });

  it('refuses a choice that the form does not offer', () => {
    const result = validateValues(readEditorForm(formData([...valid, ['field-artefaktArt', 'Virus'], ['field-lizenz', 'CC0-1.0']]), 'artefakt'));
    expect(result.ok === false && result.errors['field-artefaktArt']).toContain('angebotenen Werte');
  });
});

describe('readEditorForm', () => {
  it('ignores fields the form does not have, such as tenant, status, author and type', () => {
    const values = readEditorForm(formData([...valid, ['tenant', 'senden'], ['status', 'veroeffentlicht'], ['authorId', 'x'], ['type', 'leitfaden'], ['field-zielgruppe', 'alle']]), 'erfahrungsbericht');
    expect(values.type).toBe('erfahrungsbericht');
    expect(Object.keys(values)).not.toContain('tenant');
    expect(Object.keys(values)).not.toContain('status');
    expect(values.fields).not.toHaveProperty('zielgruppe');
  });

  it('keeps what was typed, including invalid values, so the form can be shown again', () => {
    const values = readEditorForm(formData([['title', '  x '], ['contactMailbox', 'kein-postfach'], ['ref-3-drucksache', '12/2026']]), 'erfahrungsbericht');
    expect(values.title).toBe('  x ');
    expect(values.contactMailbox).toBe('kein-postfach');
    expect(values.references).toEqual([{ drucksache: '12/2026', title: '', system: '', url: '' }]);
  });

  it('round-trips stored data through the form unchanged', () => {
    const result = validateValues(readEditorForm(formData(valid), 'erfahrungsbericht'));
    if (!result.ok) throw new Error('invalid');
    const again = validateValues(valuesFromData(result.data, result.body));
    expect(again.ok && again.data).toEqual(result.data);
  });

  it('starts a new Beitrag with today as Stand and a review a year later', () => {
    const values = emptyValues('artefakt', new Date('2026-03-10T10:00:00Z'));
    expect([values.stand, values.reviewDue]).toEqual(['2026-03-10', '2027-03-10']);
    expect(Object.keys(values.fields)).toEqual(['artefaktArt', 'lizenz', 'voraussetzungen']);
  });

  it('refuses bidi overrides and other hidden characters in every one-line field and the summary, as file names do', () => {
    const cases: [string, string, string][] = [
      ['title', 'Tablets für \u202Efdp.exe Grundschulen', 'title'],
      ['title', 'Tablets\u200B für Grundschulen', 'title'],
      ['summary', 'Wie wir 1.200 Tablets \u2067ausgerollt\u2069 haben.', 'summary'],
      ['tags', 'Tablets, M\u202EDM', 'tags'],
      ['contactPerson', 'Frau \u202EMuster', 'contactPerson'],
      ['contactMailbox', 'schule\u202E@duelmen.de', 'contactMailbox'],
      ['note', 'Erste\u0000 Fassung', 'note'],
    ];
    for (const [name, value, errorKey] of cases) {
      const entries = valid.filter(([k]) => k !== name).concat([[name, value]]);
      const result = validateValues(readEditorForm(formData(entries), 'erfahrungsbericht'));
      expect(result.ok, `${name}: ${JSON.stringify(value)}`).toBe(false);
      if (result.ok) continue;
      expect(Object.keys(result.errors)).toEqual([errorKey]);
      if (errorKey !== 'contactMailbox') expect(result.errors[errorKey]).toContain('unsichtbare Steuer- oder Schreibrichtungszeichen');
    }
  });

  it('keeps line breaks in the summary and right-to-left text in the body', () => {
    const entries = valid.filter(([k]) => k !== 'summary' && k !== 'body').concat([['summary', 'Zwei Sätze.\nUnd noch einer.'], ['body', 'Zitat: \u200Fمدرسة\u200F']]);
    expect(validateValues(readEditorForm(formData(entries), 'erfahrungsbericht')).ok).toBe(true);
  });
});

