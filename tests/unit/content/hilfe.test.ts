import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../src/lib/documents/validation';
import { COMMENT_LIMIT } from '../../../src/lib/documents/workflow';
import { MAX_FILES_AT_ONCE } from '../../../src/lib/files/save-many';
import { loadConfig } from '../../../src/lib/config';

// The Hilfe page promises limits and filters; these tests keep it in step with the product.
const ROOT = path.resolve(import.meta.dirname, '../../..');
const hilfe = fs.readFileSync(path.join(ROOT, 'content/seiten/hilfe.md'), 'utf8');
const de = (n: number) => n.toLocaleString('de-DE');

/** The "Grenze" cell of the limits table row whose first cell starts with `label`. */
function limitRow(label: string): string {
  const row = hilfe.split('\n').find((l) => l.startsWith(`| ${label}`));
  if (!row) throw new Error(`no row "${label}" in the limits table of hilfe.md`);
  return row.split('|')[2]!.trim();
}

describe('the Hilfe page', () => {
  it('states the editor limits as the validation enforces them', () => {
    expect(limitRow('Titel')).toBe(`mindestens ${LIMITS.titleMin}, höchstens ${LIMITS.title} Zeichen`);
    expect(limitRow('Zusammenfassung')).toBe(`mindestens ${LIMITS.summaryMin}, höchstens ${LIMITS.summary} Zeichen`);
    expect(limitRow('Schlagwörter')).toBe(`höchstens ${LIMITS.tags}, jedes höchstens ${LIMITS.tag} Zeichen`);
    expect(limitRow('Text')).toBe(`höchstens ${de(LIMITS.body)} Zeichen`);
    expect(limitRow('Längere Angaben')).toBe(`höchstens ${de(LIMITS.markdown)} Zeichen`);
    expect(LIMITS.person).toBe(LIMITS.text);
    expect(limitRow('Kurze Angaben')).toBe(`höchstens ${LIMITS.text} Zeichen`);
    expect(limitRow('Listen')).toBe(`höchstens ${LIMITS.listItems} Zeilen, jede höchstens ${LIMITS.text} Zeichen`);
    expect(limitRow('Änderungsnotiz')).toBe(`höchstens ${LIMITS.note} Zeichen`);
    expect(limitRow('Kommentar bei der Prüfung')).toBe(`höchstens ${de(COMMENT_LIMIT)} Zeichen`);
    const uploadMb = loadConfig({}).uploadLimitBytes / 1024 / 1024;
    expect(limitRow('Dateien')).toMatch(new RegExp(`^bis zu ${MAX_FILES_AT_ONCE} auf einmal; jede Datei und alle zusammen höchstens ${uploadMb} MB`));
  });

  it('names no character limit anywhere that the editor does not have', () => {
    const known = new Set([...Object.values(LIMITS), COMMENT_LIMIT].map((n) => de(n)));
    const stated = [...hilfe.matchAll(/(\d[\d.]*) Zeichen/g)].map((m) => m[1]!);
    expect(stated.length).toBeGreaterThan(5);
    for (const n of stated) expect(known, `"${n} Zeichen" in hilfe.md`).toContain(n);
  });

  it('gives the same maximum wherever it names a field, in the table or in running text', () => {
    const fields: [string, number][] = [['Titel', LIMITS.title], ['Zusammenfassung', LIMITS.summary], ['Text', LIMITS.body], ['Änderungsnotiz', LIMITS.note]];
    for (const [label, limit] of fields) {
      const said = [...hilfe.matchAll(new RegExp(`${label}\\b[^.\\n]{0,60}?höchstens (\\d[\\d.]*) Zeichen`, 'g'))].map((m) => m[1]);
      expect(said.length, label).toBeGreaterThan(0);
      for (const n of said) expect(n, label).toBe(de(limit));
    }
  });

  it('promises only the search filters the search page offers', () => {
    const page = fs.readFileSync(path.join(ROOT, 'src/pages/suche/index.astro'), 'utf8');
    const offered = [...page.matchAll(/key: '[a-z]+', label: '([^']+)'/g)].map((m) => m[1]!);
    expect(offered.length).toBeGreaterThan(2);
    const section = hilfe.slice(hilfe.indexOf('## Suchen und Filtern'), hilfe.indexOf('## Beiträge lesen'));
    const promised = [...section.matchAll(/^- nach \*\*([^*]+)\*\*/gm)].map((m) => m[1]!);
    expect(promised.length).toBe(offered.length);
    for (const filter of promised) expect(offered.some((label) => label.startsWith(filter)), `filter "${filter}"`).toBe(true);
  });
});
