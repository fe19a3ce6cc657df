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
