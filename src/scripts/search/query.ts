import { stopwords } from '@orama/stopwords/german';

/** A query word: "wort*" asks for every word that starts with it. */
export interface QueryWord {
  text: string;
  prefix: boolean;
}

/** One alternative of a query ("A | B" has two): all its words and phrases, none of the excluded words. */
export interface Branch {
  words: QueryWord[];
  phrases: string[];
  excluded: string[];
}

const STOPWORDS: ReadonlySet<string> = new Set(stopwords);

/** Whether a word is a German function word (Snowball's list): "der", "und", "für". */
export function isStopword(word: string): boolean {
  return STOPWORDS.has(word.toLowerCase());
}

/** Word characters of a query word; anything else (quotes, brackets, commas) is dropped. */
function clean(word: string): string {
  return word.replace(/[^\p{L}\p{N}-]+/gu, '').replace(/^-+|-+$/g, '');
}

function parseBranch(text: string): Branch {
  const branch: Branch = { words: [], phrases: [], excluded: [] };
  // "genaue Phrase" first; an unmatched quote is an ordinary character.
  const rest = text.replace(/"([^"]*)"/g, (_, phrase: string) => {
    const words = phrase.split(/\s+/).map(clean).filter(Boolean);
    if (words.length > 0) branch.phrases.push(words.join(' '));
    return ' ';
  });
  for (const raw of rest.split(/\s+/).filter(Boolean)) {
    if (raw.startsWith('-') && raw.length > 1) {
      const word = clean(raw.slice(1));
      if (word) branch.excluded.push(word);
      continue;
    }
    const word = clean(raw);
    if (word) branch.words.push({ text: word, prefix: /\*$/.test(raw) });
  }
  // Function words do not decide results when other words are there ("der Stadt" = "Stadt").
  const content = branch.words.filter((w) => !isStopword(w.text));
  if (content.length > 0 || branch.phrases.length > 0) branch.words = content;
  return branch;
}

/**
 * Splits what a person typed into alternatives: "A | B" and "A OR B" (either), "-wort"
 * (without), "genaue Phrase" in quotes, "wort*" (anything starting with it). Empty
 * alternatives are left out.
 */
export function parseQuery(q: string): Branch[] {
  return q
    .split(/\s+(?:\||OR)\s+|\|/)
    .map(parseBranch)
    .filter((b) => b.words.length > 0 || b.phrases.length > 0);
}

/** The query again, from branches (used to show and link a changed query). */
export function formatQuery(branches: Branch[]): string {
  return branches
    .map((b) => [...b.words.map((w) => w.text + (w.prefix ? '*' : '')), ...b.phrases.map((p) => `"${p}"`), ...b.excluded.map((x) => `-${x}`)].join(' '))
    .join(' | ');
}
