/** A piece of an excerpt: plain text, highlighted or not. Rendered as text nodes, never as HTML. */
export interface ExcerptPart {
  text: string;
  mark: boolean;
}

/**
 * Hidden index terms follow the word they belong to (src/lib/search/enrich.ts): the parts of
 * a compound as one "_" (src/lib/search/compact.ts), synonyms written out as
 * "__kita_kindertagesstaette__" (src/lib/search/hidden-terms.ts), each with what followed it
 * ("_," or "_-Akte").
 */
const HIDDEN = /^(?:_|__[\p{L}\p{N}_]*[\p{L}\p{N}]__)(?![\p{L}\p{N}_])(.*)$/u;

/** Whether a word of a result's text is a hidden term. */
export function isHiddenTerm(word: string): boolean {
  return HIDDEN.test(word);
}

/** What follows a hidden term in its word ("," of "_,", "-Akte" of "_-Akte"); null when the word is no hidden term. */
export function afterHiddenTerm(word: string): string | null {
  return HIDDEN.exec(word)?.[1] ?? null;
}

/** The synonyms a hidden term of a result's text holds (none for the parts of a compound). */
export function hiddenSynonyms(word: string): string[] {
  const m = /^__([\p{L}\p{N}_]*[\p{L}\p{N}])__/u.exec(word);
  return m ? m[1]!.split('_').filter(Boolean) : [];
}

function decode(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

/**
 * Turns pagefind's excerpt (text with <mark> around matched words, < and > escaped) into
 * parts: hidden terms are dropped, and a highlight on a hidden term moves to the word
 * before it, so a match on "Sozialarbeit" highlights "Schulsozialarbeit".
 */
export function excerptParts(excerpt: string): ExcerptPart[] {
  const words: { text: string; mark: boolean }[] = [];
  let open = false;
  let afterHidden = false;
  for (const raw of excerpt.split(/\s+/).filter(Boolean)) {
    const mark = open || raw.includes('<mark>');
    const opens = (raw.match(/<mark>/g) ?? []).length;
    const closes = (raw.match(/<\/mark>/g) ?? []).length;
    open = opens > closes ? true : closes > opens ? false : open;
    const text = decode(raw.replace(/<\/?mark>/g, ''));
    const hidden = HIDDEN.exec(text);
    // Punctuation that followed hidden terms as a word of its own ("Wasserzähler _ _ .") goes back onto the word.
    const loose = !hidden && afterHidden && /^\p{P}+$/u.test(text);
    const prev = words[words.length - 1];
    // An excerpt may begin after a compound, with the hidden terms that belong to it.
    if (hidden && !prev) continue;
    if ((hidden || loose) && prev) {
      prev.mark ||= mark && !loose;
      prev.text += hidden ? hidden[1]! : text;
      afterHidden = !!hidden;
      continue;
    }
    afterHidden = false;
    words.push({ text, mark });
  }
  const parts: ExcerptPart[] = [];
  for (const [i, w] of words.entries()) {
    const text = (i > 0 ? ' ' : '') + w.text;
    const last = parts[parts.length - 1];
    if (!w.mark && last && !last.mark) last.text += text;
    else if (w.mark) {
      if (i > 0) {
        if (last && !last.mark) last.text += ' ';
        else parts.push({ text: ' ', mark: false });
      }
      parts.push({ text: w.text, mark: true });
    } else parts.push({ text, mark: false });
  }
  return parts;
}
