/**
 * Takes pages out of a published bundle: writes a copy of the bundle in which they no
 * longer exist, in no file. When a Beitrag is withdrawn from an audience (restricted,
 * archived, edited, a file removed), the base shard that holds it is copied this way and
 * the copy is served instead, so its old text, URL and words cannot be downloaded any
 * more; rebuilding the shard with pagefind would take minutes at 2,500 Beiträge, this
 * takes about a second.
 *
 * Pagefind numbers the pages of a bundle (the order of the metadata's page table); words
 * and filters refer to pages by number. The pages taken out leave holes, which the pages
 * from the end of the table fill (their fragments keep their names, which are the result
 * ids), so only the words and filters of taken and moved pages change: chunks without them
 * are linked, not rewritten. A word left without pages goes, with its chunk when that is
 * empty, and the chunk ranges are computed anew (a range starts with a prefix of its
 * first word, which may have been a withdrawn one).
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterHiddenTerm, hiddenSynonyms } from '../../scripts/search/excerpt';
import { encodeCbor, type CborValue } from './cbor';
import { chunkRanges } from './compact';
import { INITIALS, WORD_LIST, writeWordLists, type WordCounts } from './word-lists';
import { pagefindFileBytes, pagefindFileContent, readMetadata, readPagefindFile, readWordChunk, unknownFormat, type PackedPage, type PackedWord } from './pagefind-files';

/**
 * Files written anew are compressed at gzip level 6: at 9 the rewritten chunks of one shard
 * took four times as long (most of the copy's time) for 0.6 % fewer bytes.
 */
const LEVEL = 6;

export interface RedactResult {
  /** Pages left in the copy. */
  pages: number;
  chunks: number;
  /** Chunks written anew (the others are hard links to the original). */
  rewritten: number;
}

/** Page numbers after taking out `removed`: the last pages move into the holes. */
function renumbering(count: number, removed: ReadonlySet<number>): { kept: number; moves: Map<number, number> } {
  const kept = count - removed.size;
  const holes = [...removed].filter((p) => p < kept).sort((a, b) => a - b);
  const moves = new Map<number, number>();
  let hole = 0;
  for (let p = kept; p < count; p++) if (!removed.has(p)) moves.set(p, holes[hole++]!);
  return { kept, moves };
}

/**
 * A list of pages, which pagefind stores in rising order with each page number as the
 * difference to the one before; null when none of them is touched.
 */
function renumberPages(pages: PackedPage[], what: string, removed: ReadonlySet<number>, moves: ReadonlyMap<number, number>): PackedPage[] | null {
  let page = 0;
  let touched = false;
  const absolute = pages.map((p) => {
    if (!Array.isArray(p) || typeof p[0] !== 'number' || p[0] < 0) unknownFormat(`a page list of "${what}"`);
    page += p[0];
    if (removed.has(page) || moves.has(page)) touched = true;
    return page;
  });
  if (!touched) return null;
  const left = pages
    .map((p, i) => ({ at: moves.get(absolute[i]!) ?? absolute[i]!, p, gone: removed.has(absolute[i]!) }))
    .filter((x) => !x.gone)
    .sort((a, b) => a.at - b.at);
  let previous = 0;
  return left.map(({ at, p }) => {
    const copy = [...p] as PackedPage;
    copy[0] = at - previous;
    previous = at;
    return copy;
  });
}

/**
 * A word with its pages renumbered, null when none of them is touched, "gone" when no page
 * is left. Besides its own pages a word carries the pages of its spellings with diacritics
 * ("gefahrdung": "gefährdung"), numbered the same way: pagefind looks up every page
 * number it finds there and stops (a WebAssembly "unreachable") on one that does not exist.
 */
function renumberWord(word: PackedWord, removed: ReadonlySet<number>, moves: ReadonlyMap<number, number>): PackedWord | 'gone' | null {
  const own = renumberPages(word[1], word[0], removed, moves);
  const variants = word[2];
  if (variants !== undefined && !Array.isArray(variants)) unknownFormat(`the spellings of "${word[0]}"`);
  if (word.length > 3) unknownFormat(`a word entry of ${word.length} fields ("${word[0]}")`);
  let variantsTouched = false;
  const newVariants = (variants ?? []).flatMap((v) => {
    if (!Array.isArray(v) || typeof v[0] !== 'string' || !Array.isArray(v[1]) || v.length > 2) unknownFormat(`a spelling of "${word[0]}"`);
    const list = renumberPages(v[1] as PackedPage[], v[0], removed, moves);
    if (list === null) return [v];
    variantsTouched = true;
    return list.length > 0 ? [[v[0], list] as CborValue[]] : [];
  });
  if (own === null && !variantsTouched) return null;
  const pages = own ?? word[1];
  if (pages.length === 0 && newVariants.length === 0) return 'gone';
  return (variants === undefined ? [word[0], pages] : [word[0], pages, newVariants]) as PackedWord;
}

function readFilter(file: string): [string, [string, number[]][]] {
  const filter = readPagefindFile(file);
  const ok = Array.isArray(filter) && typeof filter[0] === 'string' && Array.isArray(filter[1]) && filter[1].every((v) => Array.isArray(v) && typeof v[0] === 'string' && Array.isArray(v[1]) && v[1].every((n) => typeof n === 'number'));
  if (!ok) unknownFormat(`the filter ${file}`);
  return filter as [string, [string, number[]][]];
}

/**
 * The words a page was indexed with, from the text of its fragment: `wordsOf` enriches the
 * written words again (compound parts, synonyms) as the build did, and the synonyms the
 * fragment names in its hidden terms are added, so no word the page brought into the word
 * lists is missed.
 */
export type PageWords = (text: string) => Iterable<string>;

function removedWords(src: string, removeIds: ReadonlySet<string>, wordsOf: PageWords): Set<string> {
  const gone = new Set<string>();
  for (const id of removeIds) {
    const fragment = JSON.parse(pagefindFileContent(path.join(src, 'fragment', `${id}.pf_fragment`)).toString('utf8')) as { content?: unknown };
    if (typeof fragment.content !== 'string') unknownFormat(`the fragment ${id}`);
    // Hidden terms (compact.ts, hidden-terms.ts): "_" for the parts of the word before, "__a_b__" for synonyms.
    const text = fragment.content
      .split(/\s+/)
      .map((word) => {
        const rest = afterHiddenTerm(word);
        if (rest === null) return word;
        for (const w of hiddenSynonyms(word)) gone.add(w.toLowerCase());
        return rest;
      })
      .join(' ');
    for (const w of wordsOf(text)) gone.add(w);
  }
  return gone;
}

/** The copy's word lists: the bundle's, without any word of the pages taken out. */
function keptWordLists(src: string, dst: string, gone: ReadonlySet<string>): void {
  const counts: WordCounts = new Map();
  for (const initial of INITIALS) {
    let list: Record<string, number> = {};
    try {
      list = JSON.parse(fs.readFileSync(path.join(src, WORD_LIST(initial)), 'utf8')) as Record<string, number>;
    } catch {
      // a list missing or unreadable counts as empty
    }
    for (const [w, n] of Object.entries(list)) if (!gone.has(w) && typeof n === 'number') counts.set(w, n);
  }
  writeWordLists(dst, counts);
}

/**
 * Writes a copy of the bundle `src` into `dst` (which must not exist) without the pages named
 * `removeIds`. Its word lists keep the words no removed page has (`wordsOf`); without it they are empty.
 */
export function redactBundle(src: string, dst: string, removeIds: ReadonlySet<string>, wordsOf?: PageWords): RedactResult {
  const { file: metaFile, meta, pages, chunks } = readMetadata(src);
  if (Array.isArray(meta[4]) && meta[4].length > 0) unknownFormat('sort orders in the metadata');
  const removed = new Set<number>();
  pages.forEach(([name], i) => removeIds.has(name) && removed.add(i));
  // A page that cannot be found would stay served: never copy the bundle as if it were gone.
  if (removed.size !== removeIds.size) throw new Error(`${src} does not hold the pages ${[...removeIds].filter((id) => !pages.some(([name]) => name === id)).join(', ')}`);
  const { kept, moves } = renumbering(pages.length, removed);
  const newPages = pages.slice(0, kept);
  for (const [from, to] of moves) newPages[to] = pages[from]!;

  for (const dir of ['', 'index', 'fragment', 'filter']) fs.mkdirSync(path.join(dst, dir), { recursive: dir !== '' });

  // Word index: chunks holding a taken or moved page are written anew, the others linked.
  const table: { first: string; last: string; name: string }[] = [];
  let rewritten = 0;
  for (const [, , name] of chunks) {
    const file = path.join(src, 'index', `${name}.pf_index`);
    const words = readWordChunk(file);
    const out: PackedWord[] = [];
    let changed = false;
    for (const word of words) {
      const renumbered = renumberWord(word, removed, moves);
      if (renumbered === null) out.push(word);
      else {
        changed = true;
        if (renumbered !== 'gone') out.push(renumbered);
      }
    }
    if (out.length === 0) continue;
    const target = path.join(dst, 'index', `${name}.pf_index`);
    if (changed) {
      fs.writeFileSync(target, pagefindFileBytes(encodeCbor([out as CborValue[]]), LEVEL));
      rewritten++;
    } else fs.linkSync(file, target);
    table.push({ first: out[0]![0], last: out[out.length - 1]![0], name });
  }
  const ranges = chunkRanges(table);

  // Filters: the same page numbers, absolute; a value without pages goes.
  for (const entry of meta[3] as CborValue[]) {
    if (!Array.isArray(entry) || typeof entry[1] !== 'string') unknownFormat('the filter table');
    const name = `${entry[1] as string}.pf_filter`;
    const [key, values] = readFilter(path.join(src, 'filter', name));
    const left = values
      .map(([value, list]): [string, number[]] => [value, list.filter((p) => !removed.has(p)).map((p) => moves.get(p) ?? p).sort((a, b) => a - b)])
      .filter(([, list]) => list.length > 0);
    fs.writeFileSync(path.join(dst, 'filter', name), pagefindFileBytes(encodeCbor([key, left]), LEVEL));
  }

  const newMeta = [...meta];
  newMeta[1] = newPages;
  newMeta[2] = table.map((c, i) => [ranges[i]![0], ranges[i]![1], c.name]);
  fs.writeFileSync(path.join(dst, path.basename(metaFile)), pagefindFileBytes(encodeCbor(newMeta), 9));

  for (const f of fs.readdirSync(path.join(src, 'fragment'))) {
    if (!removeIds.has(f.replace(/\.pf_fragment$/, ''))) fs.linkSync(path.join(src, 'fragment', f), path.join(dst, 'fragment', f));
  }
  let gone: Set<string> | null = null;
  try {
    gone = wordsOf ? removedWords(src, removeIds, wordsOf) : null;
  } catch {
    // A page's text that cannot be read: the copy's lists stay empty rather than keep its words (and the withdrawal goes on).
    gone = null;
  }
  let wordListsWritten = false;
  for (const entry of fs.readdirSync(src, { withFileTypes: true })) {
    const from = path.join(src, entry.name);
    const to = path.join(dst, entry.name);
    if (entry.isDirectory()) {
      if (!['index', 'fragment', 'filter'].includes(entry.name)) unknownFormat(`a folder ${entry.name}`);
    } else if (entry.name === 'stand.json') {
      const stands = JSON.parse(fs.readFileSync(from, 'utf8')) as Record<string, string>;
      for (const id of removeIds) delete stands[id];
      const json = JSON.stringify(stands);
      fs.writeFileSync(to, json);
      fs.writeFileSync(`${to}.gz`, gzipSync(json, { level: LEVEL }));
    } else if (entry.name === 'pagefind-entry.json') {
      const entryFile = JSON.parse(fs.readFileSync(from, 'utf8')) as { languages?: Record<string, { page_count?: number }> };
      for (const language of Object.values(entryFile.languages ?? {})) language.page_count = kept;
      fs.writeFileSync(to, JSON.stringify(entryFile));
    } else if (entry.name.startsWith('woerter-')) {
      // No word of a page taken out is kept, even one that other pages have too: a list cannot
      // tell how many of a word's occurrences were the page's. The next full build counts anew.
      if (!wordListsWritten) {
        if (gone) keptWordLists(src, dst, gone);
        else writeWordLists(dst, new Map());
      }
      wordListsWritten = true;
    } else if (entry.name !== 'stand.json.gz' && from !== metaFile) fs.linkSync(from, to);
  }
  return { pages: kept, chunks: table.length, rewritten };
}
