import { createRequire } from 'node:module';

/**
 * Soft hyphens (U+00AD) in long German words, from the TeX hyphenation patterns of the 1996
 * orthography (package hyphen, patterns MIT-licensed). Browsers hyphenate with `hyphens: auto` only
 * when they ship a German dictionary; Debian's Chromium does not, and without a break opportunity
 * `overflow-wrap` cuts a compound at whatever letter reaches the edge ("Medienentwicklungspl|anung").
 * A soft hyphen is invisible unless the line breaks there, and then shows a hyphen.
 *
 * Only for what people read on a page: headings, card titles and the running text of Markdown. Never
 * for attribute values, <title>, feeds, the API, mails, search records or anything copied as an
 * identifier: those get the text as it was written.
 */

const SOFT_HYPHEN = '\u00ad';
/** As `hyphenate-limit-chars: 10 4 4` in global.css: words of 10 letters, 4 before and after a break. */
const MIN_WORD = 10;
const MIN_SIDE = 4;
/** Cached results per whitespace-separated chunk ("Medienentwicklungsplanung,"), the oldest dropped first. */
const MAX_CACHED_CHUNKS = 20_000;

type HyphenateSync = (text: string, options: { hyphenChar: string; minWordLength: number }) => string;
let patterns: HyphenateSync | null = null;
const cache = new Map<string, string>();

// The pattern tree is large (about 80–130 ms to load, a few MB of heap): loaded on first use, or
// ahead of it by the app that serves pages (preloadHyphenation). Search workers and the CLI, which
// carry this module too, never hyphenate and never load it.
function loadPatterns(): HyphenateSync {
  return (patterns ??= (createRequire(import.meta.url)('hyphen/de-1996') as { hyphenateSync: HyphenateSync }).hyphenateSync);
}

/** Loads the patterns in a turn of their own soon, so no request waits for them; does not keep the process alive. */
export function preloadHyphenation(): void {
  setTimeout(loadPatterns, 0).unref();
}

function hyphenateWithPatterns(word: string): string {
  const hyphenatePatterns = loadPatterns();
  const parts = hyphenatePatterns(word, { hyphenChar: SOFT_HYPHEN, minWordLength: MIN_WORD }).split(SOFT_HYPHEN);
  let out = parts[0]!;
  let before = out.length;
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i]!;
    if (before >= MIN_SIDE && word.length - before >= MIN_SIDE) out += SOFT_HYPHEN;
    out += part;
    before += part.length;
  }
  return out;
}

/** Letters only, no digits, not all capitals, no capital after a small letter (identifiers like "publiccodeUrl"). */
function isHyphenatable(word: string): boolean {
  return word.length >= MIN_WORD && !/\p{N}/u.test(word) && /\p{Ll}/u.test(word) && !/\p{Ll}\p{Lu}/u.test(word);
}

/** One word with soft hyphens at its permitted breaks; other words unchanged. */
export function hyphenateWord(word: string): string {
  return isHyphenatable(word) ? hyphenateWithPatterns(word) : word;
}

// A run of letters and digits (marks included, so decomposed umlauts stay in their word).
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
// Something copied or typed as a whole: web and mail addresses, paths, file and domain names.
const IDENTIFIER = /@|:\/\/|^www\.|^\/|\\|[\p{L}\p{N}][._][\p{L}\p{N}]/u;

function hyphenateChunk(chunk: string): string {
  if (chunk.length < MIN_WORD) return chunk;
  let done = cache.get(chunk);
  if (done === undefined) {
    done = IDENTIFIER.test(chunk) ? chunk : chunk.replace(WORD, hyphenateWord);
    // Bounded: the oldest entry goes first (a Map keeps insertion order).
    if (cache.size >= MAX_CACHED_CHUNKS) cache.delete(cache.keys().next().value!);
    cache.set(chunk, done);
  }
  return done;
}

/**
 * The same titles and the same Markdown HTML come from the database for every request of a page;
 * hyphenating them again costs far more than finding them here (a 3 KB body: about 150 µs against
 * 6 µs). Bounded by characters held; the oldest entries go first.
 */
function remembering(hyphenateInput: (input: string) => string, maxChars: number): (input: string) => string {
  const memo = new Map<string, string>();
  let chars = 0;
  return (input) => {
    const known = memo.get(input);
    if (known !== undefined) return known;
    const done = hyphenateInput(input);
    const size = input.length + done.length;
    if (size > maxChars / 8) return done;
    while (chars + size > maxChars) {
      const [oldest, value] = memo.entries().next().value!;
      memo.delete(oldest);
      chars -= oldest.length + value.length;
    }
    memo.set(input, done);
    chars += size;
    return done;
  };
}

/** Plain text (a title, a name) with soft hyphens in its long words; the caller escapes it as usual. */
export function hyphenate(text: string): string {
  return text.length < MIN_WORD ? text : rememberedText(text);
}

function hyphenatePlain(text: string): string {
  // Whitespace-separated chunks decide whether something is an address. Shorter chunks cannot hold
  // a word of ten letters, and most words are short: the regex skips them without a call.
  return text.replace(LONG_CHUNK, hyphenateChunk);
}

const LONG_CHUNK = /\S{10,}/g;

function hyphenateEscapedText(text: string): string {
  // Entities (&amp; &quot; …) stay whole; the words on either side are hyphenated on their own.
  return text.replace(LONG_CHUNK, (chunk) => (chunk.includes('&') ? chunk.split(/(&[#a-zA-Z0-9]+;)/).map((p, i) => (i % 2 ? p : hyphenateChunk(p))).join('') : hyphenateChunk(chunk)));
}

// Elements whose text is code, typed input or not text at all.
const SKIPPED = new Set(['code', 'pre', 'kbd', 'samp', 'var', 'script', 'style', 'textarea', 'title', 'svg', 'math']);
// One character per step inside a tag: with "[^>\"']+" a tag missing its ">" would backtrack exponentially.
const TOKEN = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][a-zA-Z0-9-]*)(?:"[^"]*"|'[^']*'|[^>"'])*>|[^<]+|</g;

/**
 * HTML (sanitised Markdown) with soft hyphens in the long words of its text nodes. Tags and their
 * attributes, comments, entities and the text inside code, pre, kbd and similar are left as they are.
 */
export function hyphenateHtml(html: string): string {
  return rememberedHtml(html);
}

const rememberedText = remembering(hyphenatePlain, 1_000_000);
const rememberedHtml = remembering(hyphenateHtmlText, 4_000_000);

function hyphenateHtmlText(html: string): string {
  let skipDepth = 0;
  return html.replace(TOKEN, (token, closing: string | undefined, tag: string | undefined) => {
    if (tag !== undefined) {
      const name = tag.toLowerCase();
      if (SKIPPED.has(name) && !token.endsWith('/>')) skipDepth = Math.max(0, skipDepth + (closing ? -1 : 1));
      return token;
    }
    if (token[0] === '<' || skipDepth > 0) return token;
    return hyphenateEscapedText(token);
  });
}
