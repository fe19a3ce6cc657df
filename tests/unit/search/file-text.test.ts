import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFileText, MAX_FILE_TEXT, xmlText } from '../../../src/lib/search/file-text';
import { buildDocx, buildOds, buildOdt, buildPdf, buildXlsx } from '../../fixtures/office';
import { buildZip } from '../../fixtures/zip-writer';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wn-text-'));
const file = (name: string, content: Buffer | string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
};
const blocks = [{ h: 'Maßnahmen für Schulträger' }, { p: 'Die Übergabe der Tablets erfolgt über den Medienentwicklungsplan & die Geräteverwaltung.' }, { table: [['Schule', 'Geräte'], ['Grundschule Süd', '48']] }];

describe('text inside attached files', () => {
  it('reads the words of Word and OpenDocument texts, with umlauts, ß and entities', async () => {
    for (const [name, content, kind] of [['a.docx', buildDocx('Leitfaden Geräteausgabe', 'Stadt Dülmen', blocks), 'docx'], ['a.odt', buildOdt('Leitfaden Geräteausgabe', 'Stadt Dülmen', blocks), 'odt']] as const) {
      const text = await extractFileText(file(name, content), kind);
      expect(text, name).toContain('Maßnahmen für Schulträger');
      expect(text, name).toContain('Medienentwicklungsplan & die Geräteverwaltung');
      expect(text, name).toContain('Grundschule Süd');
      // Paragraphs stay apart: words of neighbouring paragraphs do not run together.
      expect(text, name).not.toMatch(/SchulträgerDie/);
    }
  });

  it('reads the cells of spreadsheets', async () => {
    const rows = [['Kommune', 'Endgeräte'], ['Nottuln', 120], ['Olfen', 75]];
    expect(await extractFileText(file('b.xlsx', buildXlsx('Geräteliste', 'Kreis', 'Übersicht', rows)), 'xlsx')).toMatch(/Nottuln[\s\S]*Olfen/);
    expect(await extractFileText(file('b.ods', buildOds('Geräteliste', 'Kreis', 'Übersicht', rows)), 'ods')).toMatch(/Endgeräte[\s\S]*Nottuln/);
  });

  it('reads the text of PDF pages', async () => {
    const text = await extractFileText(file('c.pdf', buildPdf('Dienstanweisung Lastenräder', 'Stadt Olfen', blocks)), 'pdf');
    expect(text).toContain('Dienstanweisung Lastenräder');
    expect(text).toContain('Maßnahmen für Schulträger');
    expect(text).toContain('Geräteverwaltung');
  });

  it('reads text files as UTF-8 and caps every text', async () => {
    expect(await extractFileText(file('d.md', '# Überblick\n\nStraßenbeleuchtung im Außenbereich'), 'md')).toContain('Straßenbeleuchtung im Außenbereich');
    const long = await extractFileText(file('e.txt', 'Wort '.repeat(MAX_FILE_TEXT)), 'txt');
    expect(long.length).toBe(MAX_FILE_TEXT);
  });

  it('gives no text for images, archives and files that cannot be read, instead of failing', async () => {
    expect(await extractFileText(file('f.png', Buffer.from('89504e470d0a1a0a', 'hex')), 'png')).toBe('');
    expect(await extractFileText(file('g.zip', buildZip([{ name: 'a.txt', data: 'Geheimnis' }])), 'zip')).toBe('');
    expect(await extractFileText(file('h.docx', 'PK kaputt'), 'docx')).toBe('');
    expect(await extractFileText(file('i.pdf', '%PDF-1.4 kaputt'), 'pdf')).toBe('');
  });

  it('turns XML into text without tags, with character references decoded', () => {
    expect(xmlText('<w:p><w:r><w:t>A&amp;B</w:t></w:r></w:p><w:p><w:t>&#x00DC;bung&#252;</w:t></w:p>')).toBe('A&B\nÜbungü\n');
    expect(xmlText('<text:p>eins<text:tab/>zwei</text:p>')).toBe('eins zwei\n');
  });
});
