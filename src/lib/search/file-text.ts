import fs from 'node:fs';
import path from 'node:path';
import { blobPath } from '../files/blobs';
import type { FileKind } from '../files/types';
import { listZipEntries, readZipEntry } from '../files/zip';
import { searchDir, writeFileAtomic } from './layout';

// The text inside attached files, for search. Extraction runs in the search worker (never on
// a request), once per file content: the result is kept under search/texte/<sha256>.txt, so
// later builds only read it. A file whose text cannot be read (a scanned PDF, a damaged
// archive) is indexed by its title and description alone.

/** Enough for the words of a long report; the search index grows with every word. */
export const MAX_FILE_TEXT = 60_000;
/** The largest single part of an office file that is unpacked to read its text. */
const MAX_PART_BYTES = 16 * 1024 * 1024;

/** Which parts of an office file hold its text, in reading order. */
const TEXT_PARTS: Partial<Record<FileKind, (name: string) => boolean>> = {
  docx: (n) => /^word\/(document|footnotes|endnotes)\.xml$/.test(n),
  pptx: (n) => /^ppt\/(slides\/slide\d+|notesSlides\/notesSlide\d+)\.xml$/.test(n),
  xlsx: (n) => n === 'xl/sharedStrings.xml' || /^xl\/worksheets\/sheet\d+\.xml$/.test(n),
  odt: (n) => n === 'content.xml',
  ods: (n) => n === 'content.xml',
  odp: (n) => n === 'content.xml',
};

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The character data of an XML document, with a line break after each paragraph or cell. */
export function xmlText(xml: string): string {
  return xml
    .replace(/<f\b[^>]*>[\s\S]*?<\/f>/g, '') // spreadsheet formulas: their results are in the cells
    .replace(/<\/(w:p|a:p|text:p|text:h|si|c|table:table-cell)>/g, '\n')
    .replace(/<(w:tab|w:br|text:tab|text:line-break|text:s)\b[^>]*\/>/g, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] !== '#') return ENTITIES[e] ?? m;
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    });
}

/** Slide and sheet parts sort by their number (slide2 before slide10). */
const byNumber = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

async function officeText(file: string, wanted: (name: string) => boolean): Promise<string> {
  const entries = (await listZipEntries(file)).filter((e) => wanted(e.name)).sort((a, b) => byNumber(a.name, b.name));
  const parts: string[] = [];
  let length = 0;
  for (const entry of entries) {
    if (length > MAX_FILE_TEXT) break;
    const text = xmlText((await readZipEntry(file, entry, MAX_PART_BYTES)).toString('utf8'));
    parts.push(text);
    length += text.length;
  }
  return parts.join('\n');
}

async function pdfText(file: string): Promise<string> {
  // unpdf: PDF.js in one bundle for servers, without native dependencies.
  const { getDocumentProxy } = await import('unpdf');
  const doc = await getDocumentProxy(new Uint8Array(fs.readFileSync(file)), { disableFontFace: true, useSystemFonts: false, verbosity: 0 });
  try {
    const pages: string[] = [];
    let length = 0;
    for (let n = 1; n <= doc.numPages && length <= MAX_FILE_TEXT; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const text = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : ' ') : '')).join('');
      pages.push(text);
      length += text.length;
      page.cleanup();
    }
    return pages.join('\n');
  } finally {
    await doc.loadingTask.destroy();
  }
}

/** Tidies extracted text: no control characters, single spaces, at most MAX_FILE_TEXT characters. */
export function tidyText(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\ufffd]/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim()
    .slice(0, MAX_FILE_TEXT);
}

/** The text of one stored file; '' when the kind holds no text or the file cannot be read. */
export async function extractFileText(file: string, kind: FileKind): Promise<string> {
  try {
    if (kind === 'txt' || kind === 'md' || kind === 'csv') {
      const fd = fs.openSync(file, 'r');
      try {
        const buf = Buffer.alloc(MAX_FILE_TEXT * 4);
        return tidyText(new TextDecoder('utf-8').decode(buf.subarray(0, fs.readSync(fd, buf, 0, buf.length, 0))));
      } finally {
        fs.closeSync(fd);
      }
    }
    if (kind === 'pdf') return tidyText(await pdfText(file));
    const parts = TEXT_PARTS[kind];
    return parts ? tidyText(await officeText(file, parts)) : '';
  } catch {
    return '';
  }
}

/** The folder of extracted texts; its version changes when the extraction does, so texts are read anew. */
const textDir = () => path.join(searchDir(), 'texte-1');

function cachePath(sha256: string): string {
  return path.join(textDir(), `${sha256}.txt`);
}

/** The cached text of a stored file, or null when it has not been extracted yet. */
export function cachedFileText(sha256: string): string | null {
  try {
    return fs.readFileSync(cachePath(sha256), 'utf8');
  } catch {
    return null;
  }
}

/**
 * Extracts the text of every given file that has none cached yet and removes the texts of
 * files that are gone (the search worker calls this before it loads records). Returns how
 * many files were read.
 */
export async function cacheFileTexts(files: readonly { sha256: string; kind: string }[]): Promise<number> {
  fs.mkdirSync(textDir(), { recursive: true });
  let read = 0;
  for (const f of files) {
    const target = cachePath(f.sha256);
    if (!/^[0-9a-f]{64}$/.test(f.sha256) || fs.existsSync(target)) continue;
    // A marker while a file is read: if reading it hung or crashed the worker (which is then
    // killed), the next build finds the marker and indexes that file without its text.
    const marker = `${target}.pending`;
    const failedBefore = fs.existsSync(marker);
    if (!failedBefore) fs.writeFileSync(marker, '');
    writeFileAtomic(target, failedBefore ? '' : await extractFileText(blobPath(f.sha256), f.kind as FileKind));
    fs.rmSync(marker, { force: true });
    read++;
  }
  // Texts (and markers) of files that are gone, and half-written texts of a killed worker.
  const current = new Set(files.map((f) => `${f.sha256}.txt`));
  const hourAgo = Date.now() - 3600_000;
  for (const name of fs.readdirSync(textDir())) {
    const full = path.join(textDir(), name);
    const of = name.replace(/\.pending$/, '');
    if (of.endsWith('.txt') ? !current.has(of) : fs.statSync(full).mtimeMs < hourAgo) fs.rmSync(full, { force: true });
  }
  return read;
}
