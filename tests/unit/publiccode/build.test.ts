import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildPubliccode, type PubliccodeInput } from '../../../src/lib/publiccode/build';
import { isPubliccodeEligible } from '../../../src/lib/publiccode/eligibility';
import type { DocumentData } from '../../../src/lib/documents/data';
import { publiccodeViolations } from '../../fixtures/publiccode-rules';

const data = (over: Partial<DocumentData> = {}, fields: Record<string, string> = {}): DocumentData => ({
  title: 'Skript: Abgleich MDM und Inventar',
  summary: 'Ein kleines Skript, das den Export der Geräteverwaltung mit der Inventarliste abgleicht.',
  type: 'artefakt',
  topics: ['schule'],
  tags: ['MDM', 'Inventar'],
  visibility: 'oeffentlich',
  stand: '2026-03-31',
  reviewDue: '2027-03-31',
  contact: { mailbox: 'schul-it@luedinghausen.de', person: null },
  references: [],
  fields: { artefaktArt: 'Code', lizenz: 'EUPL-1.2', ...fields },
  ...over,
});
const input = (d: DocumentData, over: Partial<PubliccodeInput> = {}): PubliccodeInput => ({
  tenant: { name: 'Stadt Lüdinghausen' },
  status: 'veroeffentlicht',
  data: d,
  bodyMd: 'Kurz.',
  pageUrl: 'https://wissen.example.de/luedinghausen/beitraege/skript',
  usedBy: ['Stadt Coesfeld', 'Gemeinde Senden'],
  softwareVersion: '1.2',
  ...over,
});

describe('buildPubliccode', () => {
  it('writes a file that meets the standard, with the adopting Kommunen in usedBy and the function mailbox as contact', () => {
    const text = buildPubliccode(input(data()));
    expect(publiccodeViolations(text)).toEqual([]);
    const doc = parse(text) as Record<string, any>;
    expect(doc['usedBy']).toEqual(['Stadt Coesfeld', 'Gemeinde Senden']);
    expect(doc['releaseDate']).toBe('2026-03-31');
    expect(doc['legal'].license).toBe('EUPL-1.2');
    expect(doc['maintenance'].contacts[0]).toMatchObject({ email: 'schul-it@luedinghausen.de', affiliation: 'Stadt Lüdinghausen' });
    expect(doc['description'].de.longDescription.length).toBeGreaterThanOrEqual(150);
  });

  it('keeps within the limits for very long summaries, bodies and tags', () => {
    const long = data({ summary: 'Sehr lange Zusammenfassung '.repeat(20), tags: ['x'.repeat(140)] });
    expect(publiccodeViolations(buildPubliccode(input(long, { bodyMd: 'Text '.repeat(5000) })))).toEqual([]);
  });

  it('describes a Spezifikation under a data licence as configuration files', () => {
    const text = buildPubliccode(input(data({}, { artefaktArt: 'Spezifikation', lizenz: 'DL-DE-BY-2.0' }), { usedBy: [] }));
    expect(publiccodeViolations(text)).toEqual([]);
    expect(parse(text)['softwareType']).toBe('configurationFiles');
    expect(parse(text)['usedBy']).toBeUndefined();
  });

  it('the rules checker itself catches a broken file', () => {
    const broken = buildPubliccode(input(data())).replace('license: EUPL-1.2', 'license: nur-intern').replace('developmentStatus: stable', 'developmentStatus: fertig');
    const found = publiccodeViolations(broken);
    expect(found).toContainEqual(expect.stringContaining('SPDX'));
    expect(found).toContainEqual(expect.stringContaining('developmentStatus'));
  });
});

describe('isPubliccodeEligible', () => {
  it('is true only for published Artefakte of kind Code or Spezifikation under an open licence', () => {
    expect(isPubliccodeEligible({ status: 'veroeffentlicht' }, data())).toBe(true);
    expect(isPubliccodeEligible({ status: 'entwurf' }, data())).toBe(false);
    expect(isPubliccodeEligible({ status: 'veroeffentlicht' }, data({}, { artefaktArt: 'Vorlage' }))).toBe(false);
    expect(isPubliccodeEligible({ status: 'veroeffentlicht' }, data({}, { lizenz: 'nur-intern' }))).toBe(false);
    expect(isPubliccodeEligible({ status: 'veroeffentlicht' }, data({ type: 'erfahrungsbericht' }))).toBe(false);
  });
});
