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
const MAX_CACHED_WORDS = 20_000;

type HyphenateSync = (text: string, options: { hyphenChar: string; minWordLength: number }) => string;
let patterns: HyphenateSync | null = null;
const cache = new Map<string, string>();

function hyphenateWithPatterns(word: string): string {
  // Loaded on first use: the pattern tree is large (about 80 ms to load, a few MB of heap).
  patterns ??= (createRequire(import.meta.url)('hyphen/de-1996') as { hyphenateSync: HyphenateSync }).hyphenateSync;
  const parts = patterns(word, { hyphenChar: SOFT_HYPHEN, minWordLength: MIN_WORD }).split(SOFT_HYPHEN);
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
  if (!isHyphenatable(word)) return word;
  let done = cache.get(word);
  if (done === undefined) {
    done = hyphenateWithPatterns(word);
    // Bounded: the oldest entry goes first (a Map keeps insertion order).
    if (cache.size >= MAX_CACHED_WORDS) cache.delete(cache.keys().next().value!);
    cache.set(word, done);
  }
  return done;
}

// A run of letters and digits (marks included, so decomposed umlauts stay in their word).
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
// Something copied or typed as a whole: web and mail addresses, paths, file and domain names.
const IDENTIFIER = /@|:\/\/|^www\.|^\/|\\|[\p{L}\p{N}][._][\p{L}\p{N}]/u;

function hyphenateChunk(chunk: string): string {
  if (chunk.length < MIN_WORD || IDENTIFIER.test(chunk)) return chunk;
  return chunk.replace(WORD, hyphenateWord);
}

/** Plain text (a title, a name) with soft hyphens in its long words; the caller escapes it as usual. */
export function hyphenate(text: string): string {
  // Whitespace-separated chunks decide whether something is an address; entities stay whole.
  return text.replace(/[^\s]+/g, hyphenateChunk);
}

function hyphenateEscapedText(text: string): string {
  return text.replace(/[^\s]+/g, (chunk) => (chunk.includes('&') ? chunk.split(/(&[#a-zA-Z0-9]+;)/).map((p, i) => (i % 2 ? p : hyphenateChunk(p))).join('') : hyphenateChunk(chunk)));
}

// Elements whose text is code, typed input or not text at all.
const SKIPPED = new Set(['code', 'pre', 'kbd', 'samp', 'var', 'script', 'style', 'textarea', 'title', 'svg', 'math', 'option']);
const TOKEN = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][a-zA-Z0-9-]*)(?:[^>"']|"[^"]*"|'[^']*')*>|[^<]+|</g;

/**
 * HTML (sanitised Markdown) with soft hyphens in the long words of its text nodes. Tags and their
 * attributes, comments, entities and the text inside code, pre, kbd and similar are left as they are.
 */
export function hyphenateHtml(html: string): string {
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
