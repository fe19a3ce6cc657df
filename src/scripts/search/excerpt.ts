/** A piece of an excerpt: plain text, highlighted or not. Rendered as text nodes, never as HTML. */
export interface ExcerptPart {
  text: string;
  mark: boolean;
}

/**
 * Hidden index terms look like "__schule_sozialarbeit__" (see src/lib/search/hidden-terms.ts,
 * which browser code may not import). They follow the word they belong to.
 */
const HIDDEN = /^__[\p{L}\p{N}_]+__(\p{P}*)$/u;

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
  for (const raw of excerpt.split(/\s+/).filter(Boolean)) {
    const mark = open || raw.includes('<mark>');
    const opens = (raw.match(/<mark>/g) ?? []).length;
    const closes = (raw.match(/<\/mark>/g) ?? []).length;
    open = opens > closes ? true : closes > opens ? false : open;
    const text = decode(raw.replace(/<\/?mark>/g, ''));
    const hidden = HIDDEN.exec(text);
    if (hidden) {
      const prev = words[words.length - 1];
      if (prev) {
        prev.mark ||= mark;
        prev.text += hidden[1] ?? '';
      }
      continue;
    }
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
