import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getConfig } from '../../../src/lib/config';
import { splitFrontMatter } from '../../../src/lib/content/front-matter';
import { frontMatterSchema } from '../../../src/lib/documents/data';
import { exportTenant } from '../../../src/lib/ops/export-tenant';
import { readZip } from '../../../src/lib/ops/zip';
import { publishSample } from './helpers';

describe('exportTenant', () => {
  it("writes only that Kommune's Beiträge as Markdown whose front matter the content loader accepts", () => {
    publishSample('havixbeck', 'Glasfaser für Außenbereiche: „Was wir gelernt haben“', 'Erster Absatz.\n\n- Punkt');
    publishSample('nottuln', 'Nicht aus Havixbeck');
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wn-export-')), 'havixbeck.zip');
    expect(exportTenant('havixbeck', getConfig().dataDir, out)).toEqual({ documents: 1, files: 0 });
    const entries = readZip(fs.readFileSync(out));
    expect([...entries.keys()]).toEqual(['glasfaser-fuer-aussenbereiche-was-wir-gelernt-haben.md']);
    const { attributes, body } = splitFrontMatter([...entries.values()][0]!.toString('utf8'));
    const fm = frontMatterSchema.parse(attributes);
    expect(fm).toMatchObject({ title: 'Glasfaser für Außenbereiche: „Was wir gelernt haben“', type: 'erfahrungsbericht', status: 'veroeffentlicht', themenfelder: ['verwaltung'] });
    expect(body).toBe('Erster Absatz.\n\n- Punkt\n');
  });

  it('refuses an unknown Kommune and an existing file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wn-export-'));
    expect(() => exportTenant('muenster', getConfig().dataDir, path.join(dir, 'x.zip'))).toThrow(/Unknown tenant "muenster"/);
    fs.writeFileSync(path.join(dir, 'y.zip'), '');
    expect(() => exportTenant('havixbeck', getConfig().dataDir, path.join(dir, 'y.zip'))).toThrow(/already exists/);
  });
});

describe('exportTenant and publiccode.yml', () => {
  it('adds a publiccode.yml beside each published Artefakt of kind Code, with the adopting Kommunen in usedBy', async () => {
    const { insertDocument } = await import('../../../src/lib/documents/store');
    const { recordReuse } = await import('../../../src/lib/reuse/reuses');
    const { publiccodeViolations } = await import('../../fixtures/publiccode-rules');
    const { parse } = await import('yaml');
    const doc = insertDocument({
      tenant: 'olfen',
      source: 'web',
      status: 'veroeffentlicht',
      createdBy: null,
      revisions: [
        {
          data: {
            title: 'Skript für den Abgleich der Dienstgeräte',
            summary: 'Ein Skript, das die Liste der Dienstgeräte mit der Inventarliste abgleicht.',
            type: 'artefakt',
            topics: ['verwaltung'],
            tags: ['Inventar'],
            visibility: 'intern',
            stand: '2026-02-01',
            reviewDue: '2027-02-01',
            contact: { mailbox: 'it@olfen.example', person: null },
            references: [],
            fields: { artefaktArt: 'Code', lizenz: 'EUPL-1.2' },
          },
          bodyMd: 'Wie man es aufruft.',
          status: 'veroeffentlicht',
          authorId: null,
          authorLabel: 'T',
          note: '',
        },
      ],
    });
    const actor = { id: null, label: 'Test' };
    recordReuse(doc, { tenant: 'senden', status: 'uebernommen', note: '', contact: '' }, actor);
    recordReuse(doc, { tenant: 'nottuln', status: 'uebernommen', note: '', contact: '' }, actor);
    recordReuse(doc, { tenant: 'havixbeck', status: 'interessiert', note: '', contact: '' }, actor);
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wn-export-')), 'olfen.zip');
    exportTenant('olfen', getConfig().dataDir, out);
    const entries = readZip(fs.readFileSync(out));
    const yaml = entries.get(`${doc.slug}.publiccode.yml`)?.toString('utf8');
    expect(yaml).toBeDefined();
    expect(publiccodeViolations(yaml!)).toEqual([]);
    expect(parse(yaml!)['usedBy']).toEqual(['Gemeinde Nottuln', 'Gemeinde Senden']);
  });
});
