import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getConfig } from '../../../src/lib/config';
import { checkIntegrity } from '../../../src/lib/ops/integrity';
import { publishSample, sqlite } from './helpers';

describe('checkIntegrity', () => {
  it('reports a healthy database as ok', () => {
    publishSample('olfen', 'Bürgerbus-Planung in Olfen');
    expect(checkIntegrity(sqlite(), getConfig().dataDir)).toEqual({ ok: true, problems: [], checkedFiles: 0 });
  });

  it('reports a Beitrag whose live revision is gone and a row with a dangling foreign key', () => {
    const doc = publishSample('olfen', 'Mobilstation am Bahnhof');
    const db = sqlite();
    db.pragma('foreign_keys = OFF');
    db.prepare('DELETE FROM revisions WHERE document_id = ?').run(doc.id);
    db.prepare("INSERT INTO document_topics (document_id, topic) VALUES (999999, 'schule')").run();
    db.pragma('foreign_keys = ON');
    const report = checkIntegrity(db, getConfig().dataDir);
    expect(report.ok).toBe(false);
    expect(report.problems).toContain(`Beitrag ${doc.id} (olfen/mobilstation-am-bahnhof) has no valid live revision`);
    expect(report.problems.some((p) => /document_topics points to a missing documents row/.test(p))).toBe(true);
    db.prepare('DELETE FROM document_topics WHERE document_id = 999999').run();
    db.prepare('DELETE FROM documents WHERE id = ?').run(doc.id);
  });

  it('reports a stored file that no row refers to as an orphan', () => {
    const file = path.join(getConfig().dataDir, 'files', 'verwaist.bin');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'x');
    expect(checkIntegrity(sqlite(), getConfig().dataDir).problems).toEqual(['orphan file: files/verwaist.bin is not referenced by any row']);
    fs.rmSync(file);
  });
});

describe('checkIntegrity with uploaded files', () => {
  it('accepts files whose checksum matches and names missing and altered ones', async () => {
    const { createHash } = await import('node:crypto');
    const doc = publishSample('nordkirchen', 'Vorlage Datenschutz mit Anhang');
    const db = sqlite();
    const store = (content: string) => {
      const sha = createHash('sha256').update(content).digest('hex');
      const file = path.join(getConfig().dataDir, 'files', sha.slice(0, 2), sha);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
      return { sha, file };
    };
    const good = store('gute Datei');
    const altered = store('wird verändert');
    const missing = store('wird gelöscht');
    // Rows as file uploads write them (only the columns the check reads matter).
    const artefact = db.prepare("INSERT INTO artefacts (document_id, title, licence) VALUES (?, 'Vorlage', 'CC-BY-4.0')").run(doc.id).lastInsertRowid;
    const version = db.prepare("INSERT INTO artefact_versions (artefact_id, version, sha256, size, kind, file_name, uploader_label) VALUES (?, '1.0', ?, 1, 'pdf', 'vorlage.pdf', 'Test')");
    for (const f of [good, altered, missing]) version.run(artefact, f.sha);
    fs.mkdirSync(path.join(getConfig().dataDir, 'files', 'tmp'), { recursive: true });
    fs.writeFileSync(path.join(getConfig().dataDir, 'files', 'tmp', 'abgebrochen.part'), 'x');
    expect(checkIntegrity(db, getConfig().dataDir)).toEqual({ ok: true, problems: [], checkedFiles: 3 });

    fs.writeFileSync(altered.file, 'verändert!');
    fs.rmSync(missing.file);
    const report = checkIntegrity(db, getConfig().dataDir);
    expect(report.problems).toEqual([
      expect.stringMatching(new RegExp(`^file version \\d+: files/${altered.sha.slice(0, 2)}/${altered.sha} does not match its checksum$`)),
      expect.stringMatching(new RegExp(`^file version \\d+: files/${missing.sha.slice(0, 2)}/${missing.sha} is missing$`)),
    ]);
  });
});
