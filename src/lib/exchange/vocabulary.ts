import { TOPICS, type Topic, type Visibility } from '../documents/vocabulary';
import { parseTagList, TAG_LIMITS } from '../tags/normalise';

export type ExchangeKind = 'frage' | 'antwort' | 'kommentar';

export const KIND_LABELS: Record<ExchangeKind, string> = { frage: 'Frage', antwort: 'Antwort', kommentar: 'Kommentar' };

/** Lengths in characters after trimming. */
export const LIMITS = {
  title: { min: 5, max: 200 },
  question: { min: 10, max: 10_000 },
  answer: { min: 2, max: 10_000 },
  comment: { min: 2, max: 4_000 },
  reason: { min: 3, max: 1_000 },
} as const;

/** Authors may change their own text for this long after writing it. */
export const EDIT_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Visibilities a question can be asked with; öffentlich is set later by an admin of the Kommune. */
export const ASK_VISIBILITIES = ['intern', 'kommune'] as const satisfies readonly Visibility[];

export type FieldErrors = Record<string, string>;

/** What a text is called in messages: "Ihr Kommentar" / "Ihren Kommentar". */
export interface TextName {
  nominative: string;
  accusative: string;
}

export const TEXT_NAMES = {
  title: { nominative: 'Der Titel', accusative: 'einen Titel' },
  question: { nominative: 'Ihre Frage', accusative: 'Ihre Frage' },
  answer: { nominative: 'Ihre Antwort', accusative: 'Ihre Antwort' },
  comment: { nominative: 'Ihr Kommentar', accusative: 'Ihren Kommentar' },
  reason: { nominative: 'Die Begründung', accusative: 'eine Begründung' },
} as const satisfies Record<string, TextName>;

/** A required text within limits, or the German message why not. `raw` may be longer than the limit (read with one character more). */
export function checkText(raw: string, limit: { min: number; max: number }, name: TextName): string | null {
  const text = raw.trim();
  if (text.length === 0) return `Bitte geben Sie ${name.accusative} ein.`;
  if (text.length < limit.min) return `${name.nominative} ist zu kurz (mindestens ${limit.min} Zeichen).`;
  if (text.length > limit.max) return `${name.nominative} ist zu lang (höchstens ${limit.max.toLocaleString('de-DE')} Zeichen, Sie haben ${text.length.toLocaleString('de-DE')}).`;
  return null;
}

export interface QuestionInput {
  tenant: string;
  title: string;
  body: string;
  topics: Topic[];
  tags: string[];
  visibility: Visibility;
}

/** Checks a question form; the fields come from the request, limits are enforced here. */
export function parseQuestionForm(
  fields: { tenant: string; title: string; body: string; topics: string[]; tags: string; visibility: string },
  allowedTenants: readonly string[],
  allowedVisibilities: readonly Visibility[] = ASK_VISIBILITIES,
): { input: QuestionInput; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (!allowedTenants.includes(fields.tenant)) errors['kommune'] = 'Bitte wählen Sie die Kommune, für die Sie fragen.';
  const titleError = checkText(fields.title, LIMITS.title, TEXT_NAMES.title);
  if (titleError) errors['titel'] = titleError;
  const bodyError = checkText(fields.body, LIMITS.question, TEXT_NAMES.question);
  if (bodyError) errors['text'] = bodyError;
  const topics = [...new Set(fields.topics)].filter((t): t is Topic => (TOPICS as readonly string[]).includes(t));
  if (topics.length === 0) errors['themenfelder'] = 'Bitte wählen Sie mindestens ein Themenfeld.';
  const tags = parseTagList(fields.tags);
  if (tags.length > TAG_LIMITS.count) errors['schlagwoerter'] = `Bitte geben Sie höchstens ${TAG_LIMITS.count} Schlagwörter an.`;
  else if (tags.some((t) => t.length > TAG_LIMITS.length)) errors['schlagwoerter'] = `Ein Schlagwort darf höchstens ${TAG_LIMITS.length} Zeichen lang sein.`;
  const visibility = (allowedVisibilities as readonly string[]).includes(fields.visibility) ? (fields.visibility as Visibility) : null;
  if (!visibility) errors['sichtbarkeit'] = 'Bitte wählen Sie, wer die Frage sehen darf.';
  return {
    input: { tenant: fields.tenant, title: fields.title.trim(), body: fields.body.trim(), topics, tags, visibility: visibility ?? 'intern' },
    errors,
  };
}
