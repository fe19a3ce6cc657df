/**
 * Makes a bundle that pagefind has written smaller to download, without changing which
 * pages a query finds. A browser's first query fetches the bundle's metadata (a table of
 * all pages and word-index chunks) and the chunk holding each query word, once per merged
 * bundle. Pagefind cuts the word index into chunks of ~20,000 positions and names pages
 * by random-looking hashes; for the hub's long Beiträge that made a first query cost more
 * than 300 KB. Three changes, on the bundle folder before it is published:
 *
 * 1. A word that occurs very often in the bundle (more than COMMON_POSITIONS positions,
 *    like "und" or a word that every Beitrag of a hub uses) keeps at most
 *    POSITIONS_PER_PAGE positions per page: the ones of highest weight (title, summary),
 *    then the earliest. Every page that has the word still has it. What changes: such a
 *    word counts at most that many times in ranking, an excerpt is taken from around its
 *    first occurrences, and an exact phrase ("…") with it is found at those only.
 * 2. The word index is cut into chunks of about CHUNK_BYTES, so a query word comes with
 *    fewer neighbours, and each query word needs one chunk (see chunkRanges).
 * 3. Pages (fragments) and chunks get short sequential names, which compress far better
 *    in the metadata than hashes. Page names start with `idPrefix`, which must differ
 *    between all bundles a browser merges: the names are the results' ids.
 * 4. The hidden terms the enricher writes after a word ("__stelle__", enrich.ts) are
 *    indexed by pagefind as a whole too, which no query asks for: those words are left out,
 *    and so is each page's packed meta (meta.ts), which pagefind indexes as a word as well.
 *    In the page text a browser downloads with each result (its fragment) the parts of a
 *    compound become one character each, which keeps every word at its position.
 *
 * Pagefind's files are read and written by pagefind-files.ts; a file that does not have the
 * expected shape stops the build with an error (pagefind is pinned).
 */
import fs from 'node:fs';
import path from 'node:path';
import { encodeCbor, encodeCborArray, type CborValue } from './cbor';
import { isPackedMeta } from './meta';
import { decodeLocations, encodeLocations, pagefindFileBytes, pagefindFileContent, readMetadata, readWordChunk, unknownFormat, type PackedWord } from './pagefind-files';

export const POSITIONS_PER_PAGE = 4;
export const COMMON_POSITIONS = 5000;
export const CHUNK_BYTES = 16_000;

/** Keeps the `keep` locations of highest weight, earliest first among equals. */
export function capLocations(packed: number[], keep: number): number[] {
  const all = decodeLocations(packed);
  if (all.length <= keep) return packed;
  return encodeLocations(all.sort((a, b) => b.weight - a.weight || a.at - b.at).slice(0, keep));
}

function positionsOf(word: PackedWord): number {
  let n = 0;
  for (const page of word[1]) for (const l of page[1]) if (l >= 0) n++;
  return n;
}

/** Compares like Rust's str ordering (UTF-8 bytes), which pagefind sorts and searches by. */
function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** The shortest prefix of `word` that tells it apart from the smaller `previous` (as pagefind's get_prefixes). */
function prefixAfter(previous: string, word: string): string {
  const x = [...previous];
  const y = [...word];
  let common = 0;
  while (common < x.length && common < y.length && x[common] === y[common]) common++;
  return y.slice(0, common + 1).join('');
}

/** The greatest code point, and one below a code point that is not a surrogate. */
const TOP = String.fromCodePoint(0x10ffff);
function below(codePoint: number): string {
  const c = codePoint - 1;
  return String.fromCodePoint(c >= 0xd800 && c <= 0xdfff ? 0xd7ff : c);
}

/**
 * The [from, to] range of each chunk. For each query word (as typed, and its stem) the
 * browser loads the first chunk whose range holds it, and when none does, every chunk
 * that might hold an extension of it. A chunk starts, as in pagefind, at the shortest
 * prefix of its first word that sorts after the previous chunk's last word. Unlike
 * pagefind's, whose ranges end at a shortened last word and leave gaps, a range here ends
 * just below where the next one starts (the last one at the greatest character):
 * "medienstadtstelle" (as typed) falls into the chunk holding "medienstadtstell" (its
 * stem) instead of into a gap, for which the browser fetches every chunk that might do.
 */
export function chunkRanges(chunks: readonly { first: string; last: string }[]): [string, string][] {
  const starts = chunks.map((c, i) => (i === 0 ? c.first : prefixAfter(chunks[i - 1]!.last, c.first)));
  return starts.map((start, i) => {
    const next = starts[i + 1];
    if (next === undefined) return [start, TOP]; // everything after the last word
    const points = [...next];
    const last = points.pop()!;
    return [start, points.join('') + below(last.codePointAt(0)!) + TOP];
  });
}

/** A hidden term as a word of a page's text, with what follows it ("__stelle__," or "__e__-Akte"). */
const HIDDEN_TERM = /^__[\p{L}\p{N}_]*[\p{L}\p{N}]__(?![\p{L}\p{N}_])/u;

/**
 * What stands for the parts of a compound in a page's text: one character, so that every
 * word keeps the position pagefind gave it (src/scripts/search/excerpt.ts drops it from
 * excerpts, src/scripts/search/run.ts reads a match on it as a match on a part of the word
 * before it). Synonyms stay written out: the search page needs them to tell a match on a
 * synonym from pagefind's match on a cut-off query word.
 */
export const HIDDEN_PLACEHOLDER = '_';

/** Lowercase letters without diacritics. */
const fold = (s: string) => s.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');

/**
 * A fragment's text with each hidden term that holds parts of the word before it replaced
 * by the placeholder; null when the text has none. A part is "of the word" when its first
 * four letters are in it ("friede" in "Friedhofsverwaltung").
 */
export function withPlaceholders(content: string): string | null {
  // Pagefind splits a text at zero-width spaces when it has any (languages without spaces).
  if (content.includes('\u200B')) return null;
  let found = false;
  let before = '';
  const out = content.replace(/\S+/g, (word) => {
    const hidden = HIDDEN_TERM.exec(word);
    if (!hidden) {
      before = fold(word);
      return word;
    }
    const parts = hidden[0].split('_').filter(Boolean).map(fold);
    if (!parts.every((p) => before.includes(p.slice(0, 4)))) return word;
    found = true;
    return HIDDEN_PLACEHOLDER + word.slice(hidden[0].length);
  });
  return found ? out : null;
}

/** Replaces the hidden parts in every fragment's text. */
function shrinkFragments(fragmentDir: string): void {
  for (const file of fs.readdirSync(fragmentDir)) {
    const full = path.join(fragmentDir, file);
    const fragment = JSON.parse(pagefindFileContent(full).toString('utf8')) as { content?: unknown };
    if (typeof fragment.content !== 'string') unknownFormat(`the fragment ${file}`);
    const content = withPlaceholders(fragment.content);
    if (content === null) continue;
    fragment.content = content;
    fs.writeFileSync(full, pagefindFileBytes(Buffer.from(JSON.stringify(fragment), 'utf8')));
  }
}

export interface CompactResult {
  pages: number;
  words: number;
  chunksBefore: number;
  chunksAfter: number;
  /** Words whose positions per page were capped. */
  commonWords: number;
  /** Hidden terms as a whole, left out. */
  hiddenWords: number;
  /** Pages' packed meta values as words, left out. */
  metaWords: number;
}

export function compactBundle(dir: string, idPrefix: string, chunkBytes = CHUNK_BYTES): CompactResult {
  if (!/^[a-z0-9_]+$/.test(idPrefix)) throw new Error(`page id prefix must be [a-z0-9_]+, got "${idPrefix}"`);
  const { file: metaFile, meta, pages, chunks: chunkTable } = readMetadata(dir);

  // 1. Every word in pagefind's order, common ones capped.
  const indexDir = path.join(dir, 'index');
  const oldChunkFiles = chunkTable.map((c) => path.join(indexDir, `${c[2]}.pf_index`));
  const encodedWords: Buffer[] = [];
  const names: string[] = [];
  let commonWords = 0;
  let hiddenWords = 0;
  let metaWords = 0;
  for (const file of oldChunkFiles) {
    for (const word of readWordChunk(file)) {
      // A hidden term as a whole ("__obst_wiese__"): no query asks for it, its parts are words of their own.
      if (word[0].startsWith('__')) {
        hiddenWords++;
        continue;
      }
      // A page's packed meta as a word: about 400 hex digits, and chunk ranges that start with them.
      if (isPackedMeta(word[0])) {
        metaWords++;
        continue;
      }
      if (positionsOf(word) > COMMON_POSITIONS) {
        commonWords++;
        for (const page of word[1]) page[1] = capLocations(page[1], POSITIONS_PER_PAGE);
      }
      names.push(word[0]);
      encodedWords.push(encodeCbor(word as CborValue));
    }
  }
  for (let i = 1; i < names.length; i++) if (compareUtf8(names[i - 1]!, names[i]!) >= 0) unknownFormat('words out of order');

  // 2. New chunks of about chunkBytes each.
  const chunks: { from: number; to: number }[] = [];
  let start = 0;
  let size = 0;
  for (let i = 0; i < encodedWords.length; i++) {
    size += encodedWords[i]!.length;
    if (size >= chunkBytes || i === encodedWords.length - 1) {
      chunks.push({ from: start, to: i + 1 });
      start = i + 1;
      size = 0;
    }
  }
  const ranges = chunkRanges(chunks.map((c) => ({ first: names[c.from]!, last: names[c.to - 1]! })));
  for (const file of oldChunkFiles) fs.rmSync(file);
  const newTable: CborValue[] = chunks.map((c, i) => {
    const name = `c${i.toString(36)}`;
    const body = encodeCborArray([encodeCborArray(encodedWords.slice(c.from, c.to))]);
    fs.writeFileSync(path.join(indexDir, `${name}.pf_index`), pagefindFileBytes(body));
    return [ranges[i]![0], ranges[i]![1], name];
  });

  // 3. Short page names: fragment/<name>.pf_fragment.
  const fragmentDir = path.join(dir, 'fragment');
  const nameOf = new Map<string, string>(); // pagefind gives identical pages one fragment
  const renamed = pages.map(([hash, words], i): CborValue => {
    let name = nameOf.get(hash);
    if (!name) {
      name = `${idPrefix}${i.toString(36)}`;
      fs.renameSync(path.join(fragmentDir, `${hash}.pf_fragment`), path.join(fragmentDir, `${name}.pf_fragment`));
      nameOf.set(hash, name);
    }
    return [name, words];
  });
  const newMeta = [...meta];
  newMeta[1] = renamed;
  newMeta[2] = newTable;
  // 4. Hidden terms out of the pages' texts.
  shrinkFragments(fragmentDir);
  fs.writeFileSync(metaFile, pagefindFileBytes(encodeCbor(newMeta)));
  return { pages: pages.length, words: names.length, chunksBefore: chunkTable.length, chunksAfter: chunks.length, commonWords, hiddenWords, metaWords };
}
