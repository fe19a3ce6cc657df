import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getConfig } from '../../../src/lib/config';
import { addArtefact } from '../../../src/lib/files/artefacts';
import type { FileKind } from '../../../src/lib/files/types';
import { searchDir } from '../../../src/lib/search/layout';
import { getSearchStatus, requestReindex, startSearchIndexing, stopSearchIndexing } from '../../../src/lib/search/scheduler';
import { openSearch } from '../../fixtures/search-client';
import { docxWithDocumentXml, pdfWithEmptyPages } from '../../fixtures/hostile-files';
import { buildDocx } from '../../fixtures/office';
import { publishBeitrag } from '../../fixtures/beitraege';

// The text of attached files is read in a worker step of its own, next to the index builds:
// a file that is slow to read is killed after WISSENSNETZ_SEARCH_FILE_TIMEOUT_S and indexed
// without its text, and Beiträge published meanwhile become searchable regardless.

function stored(content: Buffer, fileName: string, kind: FileKind) {
  const tmpPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wn-upload-')), 'upload');
  fs.writeFileSync(tmpPath, content);
  return { tmpPath, sha256: createHash('sha256').update(content).digest('hex'), size: content.length, kind, fileName };
}

async function find(term: string): Promise<string[]> {
  const session = await openSearch(getConfig().dataDir, ['public']);
  try {
    return (await session.search(term)).map((h) => h.url);
  } finally {
    await session.close();
  }
}

async function until(what: string, test: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const idle = () => getSearchStatus().running.length === 0 && !getSearchStatus().pending;
const textOf = (sha: string) => path.join(searchDir(), 'texte-2', `${sha}.txt`);

beforeAll(async () => {
  startSearchIndexing();
  await until('first build', idle);
}, 120_000);
afterAll(async () => {
  await stopSearchIndexing();
}, 30_000);
afterEach(() => {
  delete process.env['WISSENSNETZ_SEARCH_FILE_TIMEOUT_S'];
});

describe('reading the text of attached files', () => {
  it('reads a Word file of 400 KB of "<" in a moment and makes its words searchable with its Beitrag', async () => {
    const doc = publishBeitrag({ title: 'Anlage mit Kanten', body: 'Siehe Anlage.' });
    const hostile = stored(docxWithDocumentXml(`<w:p><w:r><w:t>Spitzklammerprotokoll</w:t></w:r></w:p>${'<'.repeat(400_000)}`), 'kanten.docx', 'docx');
    addArtefact(doc.id, { title: 'Kanten', description: '', licence: 'CC-BY-4.0', version: '1.0' }, hostile, { id: null, label: 'Test' });
    requestReindex('test');
    await until('the text is read', () => fs.existsSync(textOf(hostile.sha256)), 30_000);
    expect(fs.readFileSync(textOf(hostile.sha256), 'utf8')).toContain('Spitzklammerprotokoll');
    await until('the Beitrag is found by the word in its file', async () => idle() && (await find('Spitzklammerprotokoll')).length > 0);
    expect(getSearchStatus().history.every((b) => b.ok)).toBe(true);
  }, 90_000);

  it('kills the step on a file that takes too long, indexes that file without its text and goes on with the next file', async () => {
    process.env['WISSENSNETZ_SEARCH_FILE_TIMEOUT_S'] = '0.5';
    const slow = publishBeitrag({ title: 'Seitenweise leer', body: 'Ein PDF mit sehr vielen leeren Seiten.' });
    const pdf = stored(pdfWithEmptyPages(20_000), 'leer.pdf', 'pdf');
    addArtefact(slow.id, { title: 'Leere Seiten', description: '', licence: 'CC-BY-4.0', version: '1.0' }, pdf, { id: null, label: 'Test' });
    // Another file after it, which the next step reads.
    const good = stored(buildDocx('Merkblatt', 'Stadt Dülmen', [{ p: 'Das Hagebuttenmerkblatt gilt ab sofort.' }]), 'merkblatt.docx', 'docx');
    addArtefact(slow.id, { title: 'Merkblatt', description: '', licence: 'CC-BY-4.0', version: '1.0' }, good, { id: null, label: 'Test' });
    requestReindex('test slow file');
    publishBeitrag({ title: 'Schlehenhecke am Markt', body: 'Die Schlehenhecke wird gepflanzt.' });
    requestReindex('test other');
    // (How fast, with a hostile file waiting, is measured against the 10 s window in tests/e2e/search-hostile-files.test.ts.)
    await until('the other Beitrag is found', async () => (await find('Schlehenhecke')).length > 0, 120_000);
    // The slow file got an empty text (its step was killed), the next file was read.
    await until('both files are done', () => fs.existsSync(textOf(pdf.sha256)) && fs.existsSync(textOf(good.sha256)), 120_000);
    expect(fs.readFileSync(textOf(pdf.sha256), 'utf8')).toBe('');
    expect(fs.existsSync(`${textOf(pdf.sha256)}.pending`)).toBe(false);
    await until('the Beitrag is found by the other file', async () => idle() && (await find('Hagebuttenmerkblatt')).includes(`/duelmen/beitraege/${slow.slug}`), 120_000);
    expect(await find('Seitenweise')).toContain(`/duelmen/beitraege/${slow.slug}`);
  }, 400_000);
});
