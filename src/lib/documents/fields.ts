import type { FieldDef } from './vocabulary';

/**
 * The structured fields of a Beitrag are stored as strings (DocumentData.fields); these
 * helpers say how each kind is read, written and shown, so the page, the comparison, the
 * search index and content/ front matter agree.
 */

/** The lines of a 'list' field; Markdown bullets ("- ", "* ", "1. ") are taken off. */
export function listItems(value: string | undefined): string[] {
  return (value ?? '')
    .split('\n')
    .map((line) => line.replace(/^\s*(?:[-*+•]|\d{1,3}[.)])\s+/, '').trim())
    .filter(Boolean);
}

/** A choice as people read it (e.g. a licence's full name). */
export function choiceLabel(def: FieldDef, value: string): string {
  return def.optionLabels?.[value] ?? value;
}

/** A field's value as one piece of plain text (comparison, search). */
export function fieldText(def: FieldDef, value: string | undefined): string {
  if (!value) return '';
  if (def.kind === 'choice') return choiceLabel(def, value);
  if (def.kind === 'list') return listItems(value).join('\n');
  return value;
}

export type FrontMatterValue = string | number | boolean | Date | (string | number)[] | null | undefined;

/**
 * A value from content/ front matter in the form the editor stores, or an English message for
 * the operator. YAML lists become Markdown lists (markdown) or lines (list); a text field is one line.
 */
export function fieldFromFrontMatter(def: FieldDef, raw: FrontMatterValue): { value: string } | { error: string } {
  if (raw === null || raw === undefined) return { value: '' };
  const items = Array.isArray(raw) ? raw.map((x) => String(x).trim()).filter(Boolean) : null;
  const text = raw instanceof Date ? raw.toISOString().slice(0, 10) : items ? null : String(raw);
  switch (def.kind) {
    case 'markdown':
      return { value: items ? items.map((i) => `- ${i}`).join('\n') : text!.trim() };
    case 'list':
      return { value: (items ?? listItems(text!)).join('\n') };
    case 'text':
      if (items) return { error: 'must be one line of text, not a list' };
      return { value: text!.replace(/\s+/g, ' ').trim() };
    case 'choice': {
      const value = (text ?? '').trim();
      if (!def.options?.includes(value)) return { error: `must be one of ${def.options?.join(', ')}` };
      return { value };
    }
  }
}
