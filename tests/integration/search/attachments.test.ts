import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getConfig } from '../../../src/lib/config';
import { addArtefact } from '../../../src/lib/files/artefacts';
import { runBuild } from '../../../src/lib/search/build';
import { writePointer } from '../../../src/lib/search/layout';
import { openSearch } from '../../fixtures/search-client';
import { buildDocx, buildPdf } from '../../fixtures/office';
import type { FileKind } from '../../../src/lib/files/types';
import { searchDir } from '../../../src/lib/search/layout';
import { deleteArtefact, newestArtefactVersions } from '../../../src/lib/files/artefacts';
import { cacheFileTexts } from '../../../src/lib/search/text-cache';
import { publishBeitrag } from '../../fixtures/beitraege';

function storedFile(content: string | Buffer, fileName: string, kind: FileKind = 'pdf') {
  const tmpPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wn-upload-')), 'upload');
  fs.writeFileSync(tmpPath, content);
  return { tmpPath, sha256: createHash('sha256').update(content).digest('hex'), size: Buffer.byteLength(content), kind, fileName };
}

/** What the scheduler does on a change: read the text of new files, then build. */
async function build(mode: 'full' | 'recent') {
  await cacheFileTexts(newestArtefactVersions());
  return runBuild(mode);
}

async function find(term: string): Promise<string[]> {
  const session = await openSearch(getConfig().dataDir, ['public']);
  try {
    return (await session.search(term)).map((h) => h.url);
  } finally {
    await session.close();
  }
}

describe('file metadata in search', () => {
  it('finds a Beitrag by the title and description of its files, also after a file is added later', async () => {
    const doc = publishBeitrag({ title: 'Fuhrpark im Rathaus', body: 'Wie wir den Fuhrpark organisieren.' });
    addArtefact(doc.id, { title: 'Musterdienstanweisung Kastenwagen', description: 'Regeln für die Lastenräder der Verwaltung.', licence: 'CC-BY-4.0', version: '1.0' }, storedFile('%PDF-1.4 a', 'dienstanweisung.pdf'), { id: null, label: 'Test' });
    writePointer((await build('full')).pointer!);
    const url = `/duelmen/beitraege/${doc.slug}`;
    expect(await find('Musterdienstanweisung')).toContain(url);
    expect(await find('Lastenräder')).toContain(url);

    addArtefact(doc.id, { title: 'Buchungsformular Pedelec', description: 'Formular zur Ausleihe.', licence: 'CC-BY-4.0', version: '1.0' }, storedFile('%PDF-1.4 b', 'pedelec.pdf'), { id: null, label: 'Test' });
    const recent = await build('recent');
    expect(recent.changed).toBe(1);
    writePointer(recent.pointer!);
    expect(await find('Pedelec')).toContain(url);
    // The Beitrag is found once, from the recent build: its base entry was taken out of the base.
    expect((await find('Musterdienstanweisung')).filter((u) => u === url)).toHaveLength(1);
  });

  it('finds a Beitrag by words that occur only inside its attached Word file or PDF', async () => {
    const doc = publishBeitrag({ title: 'Tablets für Grundschulen', body: 'Wie die Ausgabe organisiert ist.' });
    const docx = buildDocx('Ausgabeprotokoll', 'Stadt Dülmen', [{ p: 'Die Gerätequittierung erfolgt beim Hausmeisterdienst.' }]);
    const pdf = buildPdf('Nutzungsordnung', 'Stadt Dülmen', [{ p: 'Bei Verlust haftet die Erziehungsberechtigtenversicherung nicht.' }]);
    addArtefact(doc.id, { title: 'Protokoll', description: '', licence: 'CC-BY-4.0', version: '1.0' }, storedFile(docx, 'protokoll.docx', 'docx'), { id: null, label: 'Test' });
    const fromPdf = addArtefact(doc.id, { title: 'Ordnung', description: '', licence: 'CC-BY-4.0', version: '1.0' }, storedFile(pdf, 'ordnung.pdf'), { id: null, label: 'Test' });
    writePointer((await build('full')).pointer!);
    const url = `/duelmen/beitraege/${doc.slug}`;
    expect(await find('Gerätequittierung')).toContain(url);
    expect(await find('Hausmeisterdienst')).toContain(url);
    expect(await find('Erziehungsberechtigtenversicherung')).toContain(url);
    // Each file's text is read once and kept; when the file goes, so do its words and its text.
    const texts = () => fs.readdirSync(path.join(searchDir(), 'texte-2')).filter((n) => n.endsWith('.txt'));
    expect(texts()).toHaveLength(2 + 2);
    deleteArtefact(fromPdf.artefact.id);
    writePointer((await build('recent')).pointer!);
    expect(await find('Erziehungsberechtigtenversicherung')).not.toContain(url);
    expect(await find('Gerätequittierung')).toContain(url);
    expect(texts()).toHaveLength(2 + 1);
  });

  it('indexes a file without its text when reading it killed the worker before', async () => {
    const doc = publishBeitrag({ title: 'Vorlagen für Elternbriefe', body: 'Sammlung.' });
    const docx = buildDocx('Elternbrief', 'Stadt Dülmen', [{ p: 'Der Kwaxlbrumm-Ausschuss tagt.' }]);
    const { version } = addArtefact(doc.id, { title: 'Elternbrief Schulweg', description: '', licence: 'CC-BY-4.0', version: '1.0' }, storedFile(docx, 'brief.docx', 'docx'), { id: null, label: 'Test' });
    // What a worker killed while reading this file leaves behind.
    fs.writeFileSync(path.join(searchDir(), 'texte-2', `${version.sha256}.txt.pending`), '');
    writePointer((await build('recent')).pointer!);
    const url = `/duelmen/beitraege/${doc.slug}`;
    expect(await find('Elternbrief')).toContain(url);
    expect(await find('Kwaxlbrumm')).not.toContain(url);
    expect(fs.existsSync(path.join(searchDir(), 'texte-2', `${version.sha256}.txt.pending`))).toBe(false);
  });
});
