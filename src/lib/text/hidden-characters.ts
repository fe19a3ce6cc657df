/**
 * The one rule for names and one-line texts people type (Beitrag titles, tags, file names and
 * titles, names of people, Drucksachen …): no invisible control, direction or zero-width
 * characters. They occur only in crafted input or pasted from elsewhere, and can make a text read
 * differently from what it is ("rechnung‮fdp.exe", a title that reverses the list around it).
 * Multi-line free text (Markdown, notes, comments) is not checked: right-to-left passages there
 * may need direction marks, and they stay inside their own paragraph.
 */

// C0 and C1 controls (DEL included), line and paragraph separators.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
// The same, but tab and line breaks are allowed (a summary typed in a textarea).
const CONTROL_MULTILINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/u;
// Arabic letter mark, zero-width space/joiners, LRM/RLM, bidi embeddings/overrides, word joiner
// and invisible operators, bidi isolates, BOM.
const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/u;

/** Whether the text holds characters the rule refuses; `multiline` allows tabs and line breaks. */
export function hasHiddenCharacters(value: string, options: { multiline?: boolean } = {}): boolean {
  return (options.multiline ? CONTROL_MULTILINE : CONTROL).test(value) || INVISIBLE.test(value);
}

/** The German message for a field whose label is given (e.g. „Der Titel“). */
export function hiddenCharactersMessage(subject: string): string {
  return `${subject} enthält unsichtbare Steuer- oder Schreibrichtungszeichen. Bitte entfernen Sie diese (zum Beispiel, indem Sie den Text neu eintippen).`;
}
