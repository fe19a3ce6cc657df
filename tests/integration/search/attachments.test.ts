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
import { publishBeitrag } from '../../fixtures/beitraege';

function storedFile(content: string, fileName: string) {
  const tmpPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wn-upload-')), 'upload');
  fs.writeFileSync(tmpPath, content);
  return { tmpPath, sha256: createHash('sha256').update(content).digest('hex'), size: content.length, kind: 'pdf' as const, fileName };
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
    writePointer((await runBuild('full')).pointer!);
    const url = `/duelmen/beitraege/${doc.slug}`;
    expect(await find('Musterdienstanweisung')).toContain(url);
    expect(await find('Lastenräder')).toContain(url);

    addArtefact(doc.id, { title: 'Buchungsformular Pedelec', description: 'Formular zur Ausleihe.', licence: 'CC-BY-4.0', version: '1.0' }, storedFile('%PDF-1.4 b', 'pedelec.pdf'), { id: null, label: 'Test' });
    const recent = await runBuild('recent');
    expect(recent.changed).toBe(1);
    writePointer(recent.pointer!);
    expect(await find('Pedelec')).toContain(url);
    // The Beitrag is found once, from the recent build: its base entry is hidden.
    expect((await find('Musterdienstanweisung')).filter((u) => u === url)).toHaveLength(1);
  });
});
