/**
 * Feminine forms of German nouns of persons ("Lehrerin", "Lehrerinnen", "Kundin", "Anwältin")
 * and the masculine form they belong to ("Lehrer", "Kunde", "Anwalt"), from the hunspell
 * dictionary (dictionary.ts): igerman98 marks with the affix flag F the nouns that form a
 * feminine with -in / -innen, by the rules below (its index.aff, "SFX F"). The index adds the
 * masculine form to a text that says only the feminine one (enrich.ts), so that "Erzieher"
 * finds "Erzieherinnen" as a whole word; the search page goes the other way
 * (src/scripts/search/words.ts, masculineForm).
 */

/** The lowercase feminine forms of a masculine noun with the flag F: "lehrer" → ["lehrerin", "lehrerinnen"]. */
export function feminineForms(masculine: string): string[] {
  const w = masculine.toLowerCase();
  // Kunde → Kundin; Zauberer → Zauberin (…erer, not …ierer); otherwise the ending is added.
  const stem = w.endsWith('e') ? w.slice(0, -1) : /[^i]erer$/.test(w) ? w.slice(0, -2) : w;
  return [`${stem}in`, `${stem}innen`];
}

/** The last umlaut of a word without its dots: "anwält" → "anwalt", "bäuer" → "bauer". */
export function withoutLastUmlaut(word: string): string | null {
  const i = Math.max(word.lastIndexOf('ä'), word.lastIndexOf('ö'), word.lastIndexOf('ü'));
  if (i < 0) return null;
  return word.slice(0, i) + ({ ä: 'a', ö: 'o', ü: 'u' } as Record<string, string>)[word[i]!]! + word.slice(i + 1);
}

/** Shortest feminine form looked for at the end of a word ("patin", "chefin"). */
const MIN_FORM = 5;

/**
 * The masculine form of a lowercase word that is, or ends in, a feminine form the dictionary
 * derives: "erzieherinnen" → "erzieher", "sachbearbeiterin" → "sachbearbeiter" (the longest
 * known feminine end decides). Null for every other word ("termin", "magazin").
 */
export function masculineOf(word: string, forms: ReadonlyMap<string, string>): string | null {
  if (!word.endsWith('in') && !word.endsWith('innen')) return null;
  for (let i = 0; i <= word.length - MIN_FORM; i++) {
    const masculine = forms.get(word.slice(i));
    if (masculine !== undefined) return word.slice(0, i) + masculine;
  }
  return null;
}
