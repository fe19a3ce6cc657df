import fs from 'node:fs';
import type { FileKind } from '../files/types';
import { listZipEntries, readZipEntryHead } from '../files/zip';
import { xmlText } from './xml-text';

// The text inside attached files, for search. Anybody who may upload writes these files, so
// reading one is bounded: linear in its size (xml-text.ts), at most so many bytes unpacked
// and pages read, and a soft deadline after which the text read so far is kept. The search
// worker reads files in a separate step (text-cache.ts) that is killed when one file
// takes longer still.

/** Enough for the words of a long report; the search index grows with every word. */
export const MAX_FILE_TEXT = 60_000;
/** Unpacked XML read from one part of an office file; a larger part is read up to here. */
export const MAX_PART_BYTES = 16 * 1024 * 1024;
/** Unpacked XML read from all parts of one office file together. */
export const MAX_XML_BYTES = 32 * 1024 * 1024;
/** Text taken from the XML before tidying; white space between tags shrinks, so more than MAX_FILE_TEXT. */
const MAX_RAW_TEXT = 10 * MAX_FILE_TEXT;
/** Pages of a PDF looked at (a PDF can hold hundreds of thousands of empty pages). */
export const MAX_PDF_PAGES = 1000;
/** After this long, reading a file stops and keeps the text it has. */
export const SOFT_DEADLINE_MS = 5000;

/** Which parts of an office file hold its text, in reading order. */
const TEXT_PARTS: Partial<Record<FileKind, (name: string) => boolean>> = {
  docx: (n) => /^word\/(document|footnotes|endnotes)\.xml$/.test(n),
  pptx: (n) => /^ppt\/(slides\/slide\d+|notesSlides\/notesSlide\d+)\.xml$/.test(n),
  xlsx: (n) => n === 'xl/sharedStrings.xml' || /^xl\/worksheets\/sheet\d+\.xml$/.test(n),
  odt: (n) => n === 'content.xml',
  ods: (n) => n === 'content.xml',
  odp: (n) => n === 'content.xml',
};

/** Slide and sheet parts sort by their number (slide2 before slide10). */
const byNumber = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

async function officeText(file: string, wanted: (name: string) => boolean, deadline: number): Promise<string> {
  const entries = (await listZipEntries(file)).filter((e) => wanted(e.name)).sort((a, b) => byNumber(a.name, b.name));
  const parts: string[] = [];
  let length = 0;
  let unpacked = 0;
  for (const entry of entries) {
    if (length > MAX_FILE_TEXT || unpacked >= MAX_XML_BYTES || Date.now() > deadline) break;
    const xml = await readZipEntryHead(file, entry, Math.min(MAX_PART_BYTES, MAX_XML_BYTES - unpacked));
    unpacked += xml.length;
    const text = xmlText(xml.toString('utf8'), MAX_RAW_TEXT);
    parts.push(text);
    length += text.length;
  }
  return parts.join('\n');
}

async function pdfText(file: string, deadline: number): Promise<string> {
  // unpdf: PDF.js in one bundle for servers, without native dependencies.
  const { getDocumentProxy } = await import('unpdf');
  const doc = await getDocumentProxy(new Uint8Array(fs.readFileSync(file)), { disableFontFace: true, useSystemFonts: false, verbosity: 0 });
  try {
    const pages: string[] = [];
    let length = 0;
    const last = Math.min(doc.numPages, MAX_PDF_PAGES);
    for (let n = 1; n <= last && length <= MAX_FILE_TEXT && Date.now() <= deadline; n++) {
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

/** Characters that are dropped like spaces: controls, zero-width and bidi marks, the replacement character. */
function isInvisible(c: number): boolean {
  return c <= 0x08 || (c >= 0x0b && c <= 0x1f) || (c >= 0x7f && c <= 0x9f) || (c >= 0x200b && c <= 0x200f) || (c >= 0x2028 && c <= 0x202e) || c === 0xfffd;
}

/** White space as JavaScript's \s knows it. */
function isSpace(c: number): boolean {
  return c === 0x09 || c === 0x0a || c === 0x0b || c === 0x0c || c === 0x0d || c === 0x20 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * Tidies extracted text in one pass: invisible characters count as spaces, a run of white
 * space becomes one line break when it holds one and one space otherwise, no space at the
 * ends, at most `max` characters.
 */
export function tidyText(text: string, max = MAX_FILE_TEXT): string {
  const out: string[] = [];
  let length = 0;
  let gap: '' | ' ' | '\n' = '';
  let start = -1; // start of the current run of visible characters
  const flush = (end: number) => {
    if (start < 0) return;
    const piece = text.slice(start, Math.min(end, start + max - length));
    out.push(piece);
    length += piece.length;
    start = -1;
  };
  for (let i = 0; i < text.length && length < max; i++) {
    const c = text.charCodeAt(i);
    const newline = c === 0x0a;
    if (newline || isSpace(c) || isInvisible(c)) {
      flush(i);
      if (newline) gap = '\n';
      else if (gap === '') gap = ' ';
      continue;
    }
    if (start < 0) {
      if (length > 0 && gap) {
        out.push(gap);
        length++;
      }
      gap = '';
      start = i;
    }
  }
  flush(text.length);
  return out.join('').slice(0, max);
}

/**
 * The text of one stored file; '' when the kind holds no text or the file cannot be read.
 * Reading stops at the soft deadline and keeps what it has.
 */
export async function extractFileText(file: string, kind: FileKind, deadline = Date.now() + SOFT_DEADLINE_MS): Promise<string> {
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
    if (kind === 'pdf') return tidyText(await pdfText(file, deadline));
    const parts = TEXT_PARTS[kind];
    return parts ? tidyText(await officeText(file, parts, deadline)) : '';
  } catch {
    return '';
  }
}
