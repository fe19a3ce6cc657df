import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ContentError, verifyContent } from '../../../src/lib/files/sniff';
import { ZIP_LIMITS } from '../../../src/lib/files/zip';
import type { FileKind } from '../../../src/lib/files/types';
import { buildDocx, buildOdt, buildPdf } from '../../fixtures/office';
import { buildZip } from '../../fixtures/zip-writer';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wn-sniff-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let n = 0;
function fileWith(content: Buffer | string): string {
  const p = path.join(dir, `f${n++}`);
  fs.writeFileSync(p, content);
  return p;
}

async function problemOf(content: Buffer | string, kind: FileKind): Promise<string | null> {
  try {
    await verifyContent(fileWith(content), kind);
    return null;
  } catch (err) {
    if (err instanceof ContentError) return err.problem;
    throw err;
  }
}

const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(200, 0x41)]);
const docx = () => buildDocx('Checkliste', 'Test', [{ p: 'Inhalt' }]);

describe('verifyContent', () => {
  it('refuses a renamed EXE as .pdf', async () => {
    await expect(problemOf(EXE, 'pdf')).resolves.toBe('mismatch');
  });

  it('refuses an HTML file as .txt, so it can never be shown as a page', async () => {
    await expect(problemOf('<!DOCTYPE html><html><script>alert(1)</script></html>', 'txt')).resolves.toBe('mismatch');
    await expect(problemOf('\n  <script>alert(1)</script>', 'md')).resolves.toBe('mismatch');
    await expect(problemOf('<svg onload="alert(1)"/>', 'csv')).resolves.toBe('mismatch');
  });

  it('refuses binary content and invalid UTF-8 as text', async () => {
    await expect(problemOf(Buffer.from([0x48, 0x00, 0x49]), 'txt')).resolves.toBe('mismatch');
    await expect(problemOf(Buffer.from([0x48, 0xc3, 0x28]), 'csv')).resolves.toBe('mismatch');
  });

  it('accepts real documents of each kind', async () => {
    await expect(problemOf(buildPdf('Leitfaden', 'Test', [{ p: 'Text' }]), 'pdf')).resolves.toBeNull();
    await expect(problemOf(docx(), 'docx')).resolves.toBeNull();
    await expect(problemOf(buildOdt('Formular', 'Test', [{ p: 'Text' }]), 'odt')).resolves.toBeNull();
    await expect(problemOf('Monat;Anträge\n2024-01;12\n', 'csv')).resolves.toBeNull();
    await expect(problemOf('# Überschrift\n\nText mit <b>HTML</b> weiter unten.\n', 'md')).resolves.toBeNull();
    await expect(problemOf('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>', 'svg')).resolves.toBeNull();
    await expect(problemOf(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), 'png')).resolves.toBeNull();
  });

  it('refuses a zip bomb as .docx (too large when unpacked)', async () => {
    const zeros = Buffer.alloc(20 * 1024 * 1024);
    const count = Math.ceil(ZIP_LIMITS.maxUncompressedBytes / zeros.length) + 1;
    const bomb = buildZip([
      { name: '[Content_Types].xml', data: '<Types/>' },
      { name: 'word/document.xml', data: '<w:document/>' },
      ...Array.from({ length: count }, (_, i) => ({ name: `word/media/pad${i}.bin`, data: zeros })),
    ]);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    await expect(problemOf(bomb, 'docx')).resolves.toBe('bomb');
  });

  it('refuses an archive whose entry inflates beyond the size its header declares', async () => {
    const liar = buildZip([
      { name: '[Content_Types].xml', data: '<Types/>' },
      { name: 'word/document.xml', data: Buffer.alloc(5 * 1024 * 1024), declaredSize: 1000 },
    ]);
    await expect(problemOf(liar, 'docx')).resolves.toBe('bomb');
  });

  it('refuses an archive with more entries than allowed', async () => {
    const many = buildZip(Array.from({ length: ZIP_LIMITS.maxEntries + 1 }, (_, i) => ({ name: `f${i}.txt`, data: '', store: true })));
    await expect(problemOf(many, 'zip')).resolves.toBe('bomb');
  });

  it('refuses a ZIP that is not the Office format its extension names', async () => {
    await expect(problemOf(buildZip([{ name: 'readme.txt', data: 'hallo' }]), 'docx')).resolves.toBe('mismatch');
    await expect(problemOf(docx(), 'xlsx')).resolves.toBe('mismatch');
    await expect(problemOf(buildOdt('X', 'Y', []), 'ods')).resolves.toBe('mismatch');
  });

  it('refuses Office documents with macros', async () => {
    const withMacro = buildZip([
      { name: '[Content_Types].xml', data: '<Types/>' },
      { name: 'word/document.xml', data: '<w:document/>' },
      { name: 'word/vbaProject.bin', data: 'macro' },
    ]);
    await expect(problemOf(withMacro, 'docx')).resolves.toBe('macro');
  });

  it('refuses a ZIP whose entries would unpack outside their folder', async () => {
    await expect(problemOf(buildZip([{ name: '../../etc/cron.d/x', data: 'x' }]), 'zip')).resolves.toBe('mismatch');
  });

  it('refuses a truncated archive as damaged', async () => {
    const whole = docx();
    await expect(problemOf(whole.subarray(0, whole.length - 30), 'docx')).resolves.toBe('damaged');
  });
});
