/**
 * Checks that a bundle folder is complete before it may be served. Pagefind's service
 * writes its files from another process; when it was closed right after writeFiles, a
 * fresh start once published a bundle with a 0-byte pagefind-entry.json, and every search
 * page then hung. So every file a browser will ask for is read back and decoded here:
 * the entry, the metadata, each word-index chunk, fragment and filter, the scripts and
 * stand.json. Gzip's checksum catches a truncated file, JSON and CBOR a cut-off one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { pagefindFileContent, readPagefindFile, readWordChunk } from './pagefind-files';

/** The text scheduler.ts looks for to tell an incomplete bundle (retried) from other failures. */
export const INCOMPLETE_BUNDLE = 'incomplete search bundle';

export class IncompleteBundleError extends Error {
  constructor(
    readonly bundle: string,
    readonly problem: string,
  ) {
    super(`${INCOMPLETE_BUNDLE} ${bundle}: ${problem}`);
    this.name = 'IncompleteBundleError';
  }
}

/** A file's bytes, or why it cannot be used: missing or empty. */
function readNonEmpty(dir: string, rel: string): Buffer {
  const file = path.join(dir, rel);
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch {
    throw new Error(`${rel} is missing`);
  }
  if (data.length === 0) throw new Error(`${rel} is empty (0 bytes)`);
  return data;
}

function decoded<T>(rel: string, read: () => T): T {
  try {
    return read();
  } catch (err) {
    throw new Error(`${rel} is damaged or cut off (${(err as Error).message.slice(0, 120)})`);
  }
}

interface Entry {
  languages: Record<string, { hash: string; wasm: string | null; page_count: number }>;
}

function readEntry(dir: string): Entry {
  const raw = readNonEmpty(dir, 'pagefind-entry.json');
  const entry = decoded('pagefind-entry.json', () => JSON.parse(raw.toString('utf8')) as Partial<Entry> & { version?: unknown });
  const languages = Object.values(entry.languages ?? {});
  if (typeof entry.version !== 'string' || languages.length === 0) throw new Error('pagefind-entry.json names no index');
  for (const l of languages) if (typeof l?.hash !== 'string' || !Number.isInteger(l.page_count)) throw new Error('pagefind-entry.json names an index without hash or page count');
  return entry as Entry;
}

function checkLanguage(dir: string, language: Entry['languages'][string]): void {
  const metaName = `pagefind.${language.hash}.pf_meta`;
  readNonEmpty(dir, metaName);
  const meta = decoded(metaName, () => readPagefindFile(path.join(dir, metaName)));
  if (!Array.isArray(meta) || !Array.isArray(meta[1]) || !Array.isArray(meta[2])) throw new Error(`${metaName} has no page or chunk table`);
  const pages = meta[1] as [string, number][];
  // Only an empty page table counts as damage: the exact count is pagefind's own bookkeeping.
  if (pages.length === 0 && language.page_count > 0) throw new Error(`${metaName} lists no pages, pagefind-entry.json ${language.page_count}`);
  if (language.wasm) readNonEmpty(dir, `wasm.${language.wasm}.pagefind`);
  for (const [, , name] of meta[2] as [string, string, string][]) {
    const rel = `index/${name}.pf_index`;
    readNonEmpty(dir, rel);
    decoded(rel, () => readWordChunk(path.join(dir, rel)));
  }
  for (const [name] of pages) {
    const rel = `fragment/${name}.pf_fragment`;
    readNonEmpty(dir, rel);
    const fragment = decoded(rel, () => JSON.parse(pagefindFileContent(path.join(dir, rel)).toString('utf8')) as { url?: unknown });
    if (typeof fragment.url !== 'string') throw new Error(`${rel} has no URL`);
  }
  for (const filter of (Array.isArray(meta[3]) ? meta[3] : []) as [string, string][]) {
    const rel = `filter/${filter[1]}.pf_filter`;
    readNonEmpty(dir, rel);
    decoded(rel, () => readPagefindFile(path.join(dir, rel)));
  }
}

/** The scripts and stand.json, and their gzipped copies that the hub serves to most browsers. */
function checkServedExtras(dir: string): void {
  for (const rel of ['pagefind.js', 'pagefind-worker.js', 'stand.json']) {
    const plain = readNonEmpty(dir, rel);
    const zipped = readNonEmpty(dir, `${rel}.gz`);
    const unzipped = decoded(`${rel}.gz`, () => gunzipSync(zipped));
    if (!unzipped.equals(plain)) throw new Error(`${rel}.gz does not match ${rel}`);
  }
  decoded('stand.json', () => JSON.parse(readNonEmpty(dir, 'stand.json').toString('utf8')) as unknown);
}

/** What is wrong with the bundle in `dir`, in English for the operator's log, or null when it is complete. */
export function findBundleProblem(dir: string): string | null {
  try {
    if (!fs.existsSync(dir)) return 'the bundle folder is missing';
    const entry = readEntry(dir);
    for (const language of Object.values(entry.languages)) checkLanguage(dir, language);
    checkServedExtras(dir);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/** Throws an IncompleteBundleError naming the first missing, empty or damaged file of the bundle. */
export function verifyBundle(dir: string, name = path.basename(dir)): void {
  const problem = findBundleProblem(dir);
  if (problem) throw new IncompleteBundleError(name, problem);
}
