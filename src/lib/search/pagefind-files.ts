/**
 * Pagefind's bundle files as pagefind 1.5.2 writes them: gzipped, prefixed CBOR (cbor.ts).
 * Only what compact.ts needs: the metadata (page table, word-index chunk table) and the
 * word-index chunks. A shape other than the known one is an error, never a guess.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { decodeCbor, type CborValue } from './cbor';

/** Pagefind marks its decompressed files with this prefix (and gzips the whole). */
const PREFIX = Buffer.from('pagefind_dcd');

/** A pagefind file's content: gunzipped, without the prefix (CBOR, or JSON for fragments). */
export function pagefindFileContent(file: string): Buffer {
  let data = fs.readFileSync(file);
  if (!data.subarray(0, PREFIX.length).equals(PREFIX)) data = gunzipSync(data);
  if (!data.subarray(0, PREFIX.length).equals(PREFIX)) throw new Error(`${file} is not a pagefind file`);
  return data.subarray(PREFIX.length);
}

export function readPagefindFile(file: string): CborValue {
  return decodeCbor(pagefindFileContent(file));
}

/** A pagefind file from its CBOR. Level 9 packs best; a lower level is for files written while people wait. */
export function pagefindFileBytes(cbor: Uint8Array, level = 9): Buffer {
  return gzipSync(Buffer.concat([PREFIX, cbor]), { level });
}

/** A page's word positions: [page, locations, meta locations], locations with weight markers. */
export type PackedPage = [number, number[], ...CborValue[]];
export type PackedWord = [string, PackedPage[], ...CborValue[]];

export function unknownFormat(what: string): never {
  throw new Error(`pagefind wrote ${what} in a form this compaction does not know (pagefind version changed?)`);
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** The words of a word-index chunk, in pagefind's order, their shape checked. */
export function readWordChunk(file: string): PackedWord[] {
  const chunk = readPagefindFile(file);
  if (!Array.isArray(chunk) || !Array.isArray(chunk[0])) unknownFormat(`word index ${file}`);
  for (const w of chunk[0]) {
    if (!Array.isArray(w) || typeof w[0] !== 'string' || !Array.isArray(w[1])) unknownFormat(`a word in ${file}`);
    for (const p of w[1]) if (!Array.isArray(p) || !isInt(p[0]) || !Array.isArray(p[1]) || !p[1].every(isInt)) unknownFormat(`a page of "${w[0]}" in ${file}`);
  }
  return chunk[0] as PackedWord[];
}

/** One occurrence of a word on a page: its position and weight (24 = normal text). */
export interface Location {
  weight: number;
  at: number;
}

/**
 * A page's locations as pagefind writes them: groups by rising weight, each opened by a
 * marker -(weight + 1) and holding its positions in rising order as differences (the first
 * one from 0): [-25, 3, 10] is weight 24 at positions 3 and 13.
 */
export function decodeLocations(packed: readonly number[]): Location[] {
  const out: Location[] = [];
  let weight = 25; // pagefind's reader starts with this; its writer always opens a group
  let at = 0;
  for (const n of packed) {
    if (n < 0) (weight = -n - 1), (at = 0);
    else out.push({ weight, at: (at += n) });
  }
  return out;
}

export function encodeLocations(locations: readonly Location[]): number[] {
  const sorted = [...locations].sort((a, b) => a.weight - b.weight || a.at - b.at);
  const out: number[] = [];
  let weight: number | null = null;
  let at = 0;
  for (const l of sorted) {
    if (l.weight !== weight) out.push(-l.weight - 1), (weight = l.weight), (at = 0);
    out.push(l.at - at);
    at = l.at;
  }
  return out;
}

/** A bundle's metadata: [version, pages [[name, word count]], chunks [[from, to, name]], …]. */
export interface Metadata {
  file: string;
  meta: CborValue[];
  pages: [string, number][];
  chunks: [string, string, string][];
}

export function readMetadata(dir: string): Metadata {
  const name = fs.readdirSync(dir).find((f) => /^pagefind\.[\w-]+\.pf_meta$/.test(f));
  if (!name) throw new Error(`no pagefind metadata in ${dir}`);
  const file = path.join(dir, name);
  const meta = readPagefindFile(file);
  if (!Array.isArray(meta) || typeof meta[0] !== 'string' || !Array.isArray(meta[1]) || !Array.isArray(meta[2])) unknownFormat('its metadata');
  for (const p of meta[1]) if (!Array.isArray(p) || typeof p[0] !== 'string' || !isInt(p[1])) unknownFormat('the page table');
  for (const c of meta[2]) if (!Array.isArray(c) || c.length !== 3 || !c.every((x) => typeof x === 'string')) unknownFormat('the chunk table');
  return { file, meta, pages: meta[1] as [string, number][], chunks: meta[2] as [string, string, string][] };
}
