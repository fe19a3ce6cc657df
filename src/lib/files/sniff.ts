import fs from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { inspectZip, readZipEntry, ZipError, type ZipEntry } from './zip';
import type { FileKind } from './types';

/**
 * Checks that a file's content is what its extension promises (magic bytes, and for
 * archives their structure). Never trusts the name or the browser's Content-Type.
 */

export type ContentProblem = 'mismatch' | 'bomb' | 'damaged' | 'macro' | 'encrypted';

export class ContentError extends Error {
  constructor(readonly problem: ContentProblem, detail: string) {
    super(detail);
  }
}

const OOXML_MAIN: Partial<Record<FileKind, string>> = { docx: 'word/document.xml', xlsx: 'xl/workbook.xml', pptx: 'ppt/presentation.xml' };
const ODF_MIME: Partial<Record<FileKind, string>> = {
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
};

// What browsers sniff as HTML or XML (WHATWG MIME Sniffing, "identifying a resource with an unknown MIME type").
const MARKUP_START = /^\s*<(!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|svg|\?xml|!--)(?=[\s>/]|$)/i;

async function readHead(file: string, length = 8192): Promise<Buffer> {
  const fh = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buf, 0, length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

function startsWith(head: Buffer, bytes: number[]): boolean {
  return bytes.every((b, i) => head[i] === b);
}

/** Text must be UTF-8 without NUL or other binary control characters. */
async function checkText(file: string, kind: FileKind): Promise<void> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let first = true;
  try {
    for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
      const text = decoder.decode(chunk, { stream: true });
      if (/[\u0000-\u0008\u000e-\u001f\u007f]/.test(text)) throw new ContentError('mismatch', 'binary control characters in text');
      if (first && MARKUP_START.test(text.replace(/^\uFEFF/, ''))) throw new ContentError('mismatch', `${kind} file starts like HTML or XML`);
      first = false;
    }
    decoder.decode();
  } catch (err) {
    if (err instanceof ContentError) throw err;
    throw new ContentError('mismatch', 'text is not valid UTF-8');
  }
}

function checkSvg(head: Buffer): void {
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  if (!/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!doctype svg[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(text)) {
    throw new ContentError('mismatch', 'not an SVG document');
  }
}

async function checkArchive(file: string, kind: FileKind): Promise<void> {
  let entries: ZipEntry[];
  try {
    entries = await inspectZip(file);
  } catch (err) {
    if (!(err instanceof ZipError)) throw err;
    const problem = err.problem === 'bomb' ? 'bomb' : err.problem === 'encrypted' ? 'encrypted' : 'damaged';
    throw new ContentError(problem, err.message);
  }
  const names = new Set(entries.map((e) => e.name));
  const main = OOXML_MAIN[kind];
  if (main) {
    if (!names.has('[Content_Types].xml') || !names.has(main)) throw new ContentError('mismatch', `no ${main}`);
    if (entries.some((e) => /(^|\/)vbaProject\.bin$/i.test(e.name))) throw new ContentError('macro', 'contains VBA macros');
    return;
  }
  const odfMime = ODF_MIME[kind];
  if (odfMime) {
    const first = entries.reduce((a, b) => (b.localHeaderOffset < a.localHeaderOffset ? b : a));
    if (first.name !== 'mimetype') throw new ContentError('mismatch', 'no leading mimetype entry');
    const mime = (await readZipEntry(file, first)).toString('ascii');
    if (mime !== odfMime) throw new ContentError('mismatch', `mimetype is ${mime}`);
    if (entries.some((e) => /^Basic\/.+\.xml$/i.test(e.name) && !/script-lc\.xml$/i.test(e.name))) throw new ContentError('macro', 'contains Basic macros');
    return;
  }
  // A plain ZIP: its entries must not escape the folder they are unpacked into.
  if (entries.some((e) => e.name.startsWith('/') || /^[a-z]:/i.test(e.name) || e.name.split(/[/\\]/).includes('..'))) {
    throw new ContentError('mismatch', 'entry with an absolute or parent path');
  }
}

/** Throws ContentError unless the file at `file` really is of `kind`. */
export async function verifyContent(file: string, kind: FileKind): Promise<void> {
  const head = await readHead(file);
  if (head.length === 0) throw new ContentError('mismatch', 'empty file');
  switch (kind) {
    case 'pdf':
      if (!head.subarray(0, 5).equals(Buffer.from('%PDF-'))) throw new ContentError('mismatch', 'no %PDF- header');
      return;
    case 'png':
      if (!startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) throw new ContentError('mismatch', 'no PNG signature');
      return;
    case 'jpeg':
      if (!startsWith(head, [0xff, 0xd8, 0xff])) throw new ContentError('mismatch', 'no JPEG signature');
      return;
    case 'svg':
      checkSvg(head);
      return checkText(file, kind).catch((err: unknown) => {
        // SVG is XML, so the markup check of plain text does not apply; binary content still does.
        if (err instanceof ContentError && /HTML or XML/.test(err.message)) return;
        throw err;
      });
    case 'csv':
    case 'txt':
    case 'md':
      return checkText(file, kind);
    case 'docx':
    case 'xlsx':
    case 'pptx':
    case 'odt':
    case 'ods':
    case 'odp':
    case 'zip':
      if (!startsWith(head, [0x50, 0x4b, 0x03, 0x04])) throw new ContentError('mismatch', 'no ZIP signature');
      return checkArchive(file, kind);
  }
}
