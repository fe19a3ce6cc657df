/**
 * The character data of office XML (Word, PowerPoint, Excel, OpenDocument), read in one
 * pass from left to right. Uploaded files are written by anybody, so the work must grow
 * with the size of the file and never more: regular expressions such as /<[^>]*>/ retry
 * from every "<" and read to the end each time when no ">" follows (400 KB of "<" took
 * minutes). Here every search for ">", for "</f>" or for the end of an entity looks
 * further only from where the last one stopped, or a bounded number of characters ahead.
 */

/** Elements after which the next text starts on a new line (paragraphs, cells). */
const LINE_ENDS = new Set(['w:p', 'a:p', 'text:p', 'text:h', 'si', 'c', 'table:table-cell']);
/** Empty elements that stand for white space (tabs, line breaks, spaces). */
const SPACES = new Set(['w:tab', 'w:br', 'text:tab', 'text:line-break', 'text:s']);
/** Longer names are in neither set: no need to read them. */
const LONGEST_NAME = 20;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** "&#x10FFFF;" and every named entity above fit; a longer run is not an entity. */
const LONGEST_ENTITY = 12;

function isNameEnd(code: number): boolean {
  // white space, "/" and ">"
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x2f || code === 0x3e;
}

/** The character an entity at `amp` stands for and where it ends, or null when it is none. */
function entityAt(text: string, amp: number, end: number): { value: string; next: number } | null {
  // Only a few characters ahead: indexOf(';') would read to the end after every "&" that has none.
  let semi = amp + 1;
  const last = Math.min(end, amp + 2 + LONGEST_ENTITY);
  while (semi < last && text.charCodeAt(semi) !== 0x3b) semi++;
  if (semi >= last || semi === amp + 1) return null;
  const body = text.slice(amp + 1, semi);
  if (body[0] !== '#') {
    const named = /^[a-z]+$/i.test(body) ? ENTITIES[body] : undefined;
    return named === undefined ? null : { value: named, next: semi + 1 };
  }
  const hex = body[1] === 'x' || body[1] === 'X';
  const digits = body.slice(hex ? 2 : 1);
  if (!(hex ? /^[0-9a-f]+$/i : /^\d+$/).test(digits)) return null;
  const code = parseInt(digits, hex ? 16 : 10);
  return { value: code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '', next: semi + 1 };
}

/**
 * Text between tags, with character references decoded; unknown entities stay as written.
 * `nextAmp(from)` finds the next "&" at or after `from`, anywhere in the document.
 */
function decodeText(text: string, from: number, to: number, nextAmp: (from: number) => number, out: string[]): void {
  let start = from;
  let at = from;
  while (at < to) {
    const amp = nextAmp(at);
    if (amp < 0 || amp >= to) break;
    const entity = entityAt(text, amp, to);
    at = entity ? entity.next : amp + 1;
    if (!entity) continue;
    out.push(text.slice(start, amp), entity.value);
    start = at;
  }
  if (start < to) out.push(text.slice(start, to));
}

/** A search for `what` that looks further only from where the last answer lies, so a document is read once. */
function forwardSearch(text: string, what: string): (from: number) => number {
  let found = -2; // not searched yet
  return (from) => (found !== -1 && found < from ? (found = text.indexOf(what, from)) : found);
}

/**
 * The character data of an XML document, with a line break after each paragraph or cell
 * and without spreadsheet formulas (their results are in the cells). Malformed XML gives
 * whatever text it has; a "<" that no ">" follows is text. Reading stops once `limit`
 * characters of text (white space included) have been found.
 */
export function xmlText(xml: string, limit = Infinity): string {
  const out: string[] = [];
  const nextLt = forwardSearch(xml, '<');
  const nextGt = forwardSearch(xml, '>');
  const nextAmp = forwardSearch(xml, '&');
  const nextCloseF = forwardSearch(xml, '</f>');
  let at = 0;
  let found = 0;
  while (at < xml.length && found < limit) {
    const lt = nextLt(at);
    const end = lt < 0 ? -1 : nextGt(lt + 1);
    if (lt < 0 || end < 0) {
      decodeText(xml, at, xml.length, nextAmp, out);
      break;
    }
    decodeText(xml, at, lt, nextAmp, out);
    found += lt - at;
    at = end + 1;
    const closing = xml.charCodeAt(lt + 1) === 0x2f;
    let nameEnd = closing ? lt + 2 : lt + 1;
    while (nameEnd < end && nameEnd - lt <= LONGEST_NAME + 2 && !isNameEnd(xml.charCodeAt(nameEnd))) nameEnd++;
    const name = xml.slice(closing ? lt + 2 : lt + 1, nameEnd);
    if (closing) {
      if (nameEnd === end && LINE_ENDS.has(name)) out.push('\n');
      continue;
    }
    const empty = xml.charCodeAt(end - 1) === 0x2f;
    if (SPACES.has(name) && empty) out.push(' ');
    else if (name === 'f' && !empty) {
      const close = nextCloseF(end + 1);
      if (close >= 0) at = close + 4;
    }
  }
  return out.join('');
}
