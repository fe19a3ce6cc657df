import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFileText, MAX_FILE_TEXT, MAX_PART_BYTES, tidyText } from '../../../src/lib/search/file-text';
import { buildDocx, buildOds, buildOdt, buildPdf, buildXlsx } from '../../fixtures/office';
import { buildZip } from '../../fixtures/zip-writer';
import { docxWithDocumentXml, HOSTILE_XML, pdfWithEmptyPages, pptxWithSlides } from '../../fixtures/hostile-files';

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

  it('tidies text: one space for a run of spaces, one line break for a run holding one, nothing invisible', () => {
    expect(tidyText('  Erste\u00a0\u00a0Zeile \t\r\n \n zweite\u200bZeile\u202e!  ')).toBe('Erste Zeile\nzweite Zeile !');
    expect(tidyText('abc def', 5)).toBe('abc d');
  });
});

describe('text inside hostile files', () => {
  const timed = async (name: string, content: Buffer, kind: Parameters<typeof extractFileText>[1]) => {
    const started = performance.now();
    const text = await extractFileText(file(name, content), kind);
    return { text, ms: performance.now() - started };
  };

  it('reads Word files whose XML is built to be slow within seconds each', async () => {
    for (const [name, make] of Object.entries(HOSTILE_XML)) {
      const { ms } = await timed('hostile.docx', docxWithDocumentXml(make(100_000)), 'docx');
      // Generous for a loaded machine: the time is measured in the benchmark-like test of xml-text; here only the bound.
      expect(ms, name).toBeLessThan(3000);
    }
  });

  it('reads the beginning of a part that unpacks to far more than it reads, and stops there', async () => {
    const paragraph = '<w:p><w:r><w:t>Anfangswort</w:t></w:r></w:p>';
    const xml = Buffer.from(paragraph.repeat(Math.ceil((4 * MAX_PART_BYTES) / paragraph.length)));
    const { text, ms } = await timed('large.docx', docxWithDocumentXml(xml), 'docx');
    expect(text).toContain('Anfangswort');
    expect(text.length).toBeLessThanOrEqual(MAX_FILE_TEXT);
    expect(ms).toBeLessThan(10_000);
  });

  it('stops reading a presentation after 32 MB of unpacked XML, however many slides it has', async () => {
    const empty = Buffer.from('<a:p>'.repeat(200_000)); // 1 MB of tags without a word
    const { text, ms } = await timed('slides.pptx', pptxWithSlides(40, (i) => (i === 39 ? '<a:t>Letzte Folie</a:t>' : empty)), 'pptx');
    expect(text).not.toContain('Letzte Folie');
    expect(ms).toBeLessThan(10_000);
  });

  it('gives up on a PDF of tens of thousands of empty pages within seconds', async () => {
    const { text, ms } = await timed('pages.pdf', pdfWithEmptyPages(20_000), 'pdf');
    expect(text).toBe('');
    expect(ms).toBeLessThan(15_000);
  });
});
