import fs from 'node:fs';
import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { resetConfig } from '../../../src/lib/config';
import { getDb } from '../../../src/lib/db/client';
import { handleUpload } from '../../../src/lib/files/save';
import { receiveUpload } from '../../../src/lib/files/upload';
import { blobPath } from '../../../src/lib/files/blobs';
import { addArtefact, addVersion, deleteArtefact, deleteVersion, listArtefacts, type OwningDocument } from '../../../src/lib/files/artefacts';
import { intakeLocalFile } from '../../../src/lib/files/intake';
import { sweepFiles } from '../../../src/lib/files/sweep';
import type { Viewer } from '../../../src/lib/auth/viewer';
import { createUser } from '../../../src/lib/auth/users';
import { buildDocx } from '../../fixtures/office';
import { publishedDocument, storageState, uploadRequest } from './helpers';

let editor: Viewer;
const fields = { titel: 'Checkliste Rückgabe', beschreibung: 'Zum Abhaken', lizenz: 'CC-BY-4.0', version: '1.0' };
const docx = (text: string) => buildDocx('Checkliste', 'Coesfeld', [{ p: text }]);
let doc: OwningDocument;

beforeAll(() => {
  // 10 KB, so "too large" needs no big test files.
  process.env['WISSENSNETZ_UPLOAD_LIMIT_MB'] = '0.01';
  resetConfig();
  doc = publishedDocument('coesfeld', 'checkliste-rueckgabe');
  const user = createUser({ email: 'redakteur@coesfeld.example', name: 'Rita Redakteurin', passwordHash: null });
  editor = { id: user.id, email: user.email, name: user.name, memberships: { coesfeld: 'redakteur' }, isKreisAdmin: false };
});

describe('handleUpload', () => {
  it('stores a DOCX under its content hash and keeps the cleaned name only as metadata', async () => {
    const before = storageState();
    const content = docx('eins');
    const outcome = await handleUpload(uploadRequest(fields, { name: 'Checkliste Rückgabe.docx', content }), doc, editor, '127.0.0.1');
    expect(outcome.ok).toBe(true);
    const [file] = listArtefacts(editor, doc, { withPending: true });
    expect(file?.versions[0]?.fileName).toBe('Checkliste Rückgabe.docx');
    expect(fs.readFileSync(blobPath(file!.versions[0]!.sha256))).toEqual(content);
    expect(storageState()).toEqual({ ...before, artefacts: before.artefacts + 1, versions: before.versions + 1, blobs: before.blobs + 1, temps: 0 });
  });

  it('refuses a file over the limit with a German message and leaves nothing behind', async () => {
    const before = storageState();
    const big = Buffer.alloc(50 * 1024, 0x41);
    const outcome = await handleUpload(uploadRequest(fields, { name: 'gross.txt', content: big }), doc, editor, '');
    expect(outcome.status).toBe(413);
    expect(outcome.errors.datei).toMatch(/größer als die erlaubten 10,2 KB/);
    expect(storageState()).toEqual(before);
  });

  it('refuses a renamed EXE as .pdf and a path as name, leaving nothing behind', async () => {
    const before = storageState();
    const exe = await handleUpload(uploadRequest(fields, { name: 'leitfaden.pdf', content: Buffer.from('MZ\x90\x00 this program cannot be run in DOS mode', 'latin1') }), doc, editor, '');
    expect(exe.errors.datei).toMatch(/passt nicht zur Endung „\.pdf“/);
    const passwd = await handleUpload(uploadRequest(fields, { name: '../../etc/passwd', content: 'root:x:0:0' }), doc, editor, '');
    expect(passwd.errors.datei).toMatch(/keine Pfadangaben/);
    const rlo = await handleUpload(uploadRequest(fields, { name: 'rechnung\u202Efdp.exe', content: 'x' }), doc, editor, '');
    expect(rlo.errors.datei).toMatch(/Steuer- oder Schreibrichtungszeichen/);
    expect(storageState()).toEqual(before);
  });

  it('names every invalid field and keeps nothing when the form is incomplete', async () => {
    const before = storageState();
    const outcome = await handleUpload(uploadRequest({ titel: 'x', lizenz: 'MIT', version: '' }, { name: 'ok.docx', content: docx('zwei') }), doc, editor, '');
    expect(Object.keys(outcome.errors).sort()).toEqual(['datei', 'lizenz', 'titel', 'version']);
    expect(outcome.errors.datei).toMatch(/erneut aus/);
    expect(storageState()).toEqual(before);
  });

  it('reports a full disk while receiving cleanly and leaves no orphan', async () => {
    const before = storageState();
    const full = (tmpPath: string) => {
      const fd = fs.openSync(tmpPath, 'wx');
      let written = 0;
      return new Writable({
        write(chunk: Buffer, _enc, done) {
          if (written + chunk.length > 1000) return done(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }));
          written += fs.writeSync(fd, chunk);
          done();
        },
        final(done) {
          fs.closeSync(fd);
          done();
        },
        destroy(err, done) {
          try {
            fs.closeSync(fd);
          } catch {
            // already closed
          }
          done(err);
        },
      });
    };
    const received = await receiveUpload(uploadRequest(fields, { name: 'plan.docx', content: Buffer.alloc(8000, 0x42) }), { limitBytes: 1e6, openTemp: full });
    expect(received.problem).toBe('disk_full');
    expect(received.file).toBeNull();
    expect(storageState()).toEqual(before);
  });

  it('reports a full database cleanly and removes the file it had already stored', async () => {
    const sqlite = getDb().$client;
    const pages = sqlite.pragma('page_count', { simple: true }) as number;
    sqlite.pragma(`max_page_count = ${pages}`);
    try {
      let outcome: Awaited<ReturnType<typeof handleUpload>> | undefined;
      // Fill the pages that are left until the database refuses the next row.
      for (let i = 0; i < 200; i++) {
        outcome = await handleUpload(uploadRequest({ ...fields, beschreibung: `${i} ${'x'.repeat(1900)}` }, { name: `f${i}.docx`, content: docx(`voll ${i}`) }), doc, editor, '');
        if (!outcome.ok) break;
      }
      expect(outcome?.status).toBe(507);
      expect(outcome?.errors.datei).toMatch(/nicht genug Speicherplatz/);
    } finally {
      sqlite.pragma('max_page_count = 1073741823');
    }
    const state = storageState();
    expect(state.blobs).toBe(state.versions);
    expect(state.temps).toBe(0);
  });
});

describe('versions and deletion', () => {
  it('keeps earlier versions downloadable and removes a blob only when no version references it', async () => {
    const other = publishedDocument('coesfeld', 'zweiter-beitrag');
    const by = { id: null, label: 'Test' };
    const intake = async (content: Buffer) => {
      fs.writeFileSync('/tmp/wn-intake.docx', content);
      const r = await intakeLocalFile('/tmp/wn-intake.docx', 'plan.docx');
      if (!r.ok) throw new Error(r.message);
      return r.file;
    };
    const v1 = await intake(docx('Version eins'));
    const { artefact, version: first } = addArtefact(other.id, { ...fields, title: 'Plan', description: '', licence: 'CC0-1.0', version: '1' }, v1, by);
    const second = addVersion(artefact.id, { title: 'Plan', description: '', licence: 'CC0-1.0', version: '2' }, await intake(docx('Version zwei')), by);
    // The same bytes attached to a second file share one blob.
    const copy = addArtefact(other.id, { title: 'Kopie', description: '', licence: 'CC0-1.0', version: '1' }, await intake(docx('Version eins')), by);
    expect(copy.version.sha256).toBe(first.sha256);

    expect(listArtefacts(null, other).find((a) => a.id === artefact.id)?.versions.map((v) => v.version)).toEqual(['2', '1']);
    deleteVersion(second.id);
    expect(fs.existsSync(blobPath(second.sha256))).toBe(false);
    deleteArtefact(artefact.id);
    expect(fs.existsSync(blobPath(first.sha256)), 'still used by the copy').toBe(true);
    deleteArtefact(copy.artefact.id);
    expect(fs.existsSync(blobPath(first.sha256))).toBe(false);
  });
});

describe('sweepFiles', () => {
  it('removes blobs without a row and interrupted temp files at start-up, and keeps referenced ones', async () => {
    const kept = listArtefacts(editor, doc, { withPending: true })[0]!.versions[0]!;
    const orphan = 'ab'.repeat(32);
    fs.mkdirSync(blobPath(orphan).replace(/\/[^/]+$/, ''), { recursive: true });
    fs.writeFileSync(blobPath(orphan), 'left by a crash');
    fs.writeFileSync(`${blobPath(orphan).replace(/\/ab\/[^/]+$/, '')}/tmp/abgebrochen.part`, 'half');
    expect(sweepFiles()).toEqual({ temps: 1, orphans: 1, missing: 0 });
    expect(fs.existsSync(blobPath(orphan))).toBe(false);
    expect(fs.existsSync(blobPath(kept.sha256))).toBe(true);
  });
});
