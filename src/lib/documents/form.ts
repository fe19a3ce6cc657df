import type { DocumentData } from './data';
import { councilLink } from '../council/links';
import { TYPE_FIELDS, type DocumentType } from './vocabulary';

/**
 * The editor form as typed: plain strings, so that a form with errors can be shown
 * again exactly as it was sent. Validation (validation.ts) turns it into DocumentData.
 */
export interface FormValues {
  type: DocumentType;
  title: string;
  summary: string;
  topics: string[];
  /** Comma-separated, as typed. */
  tags: string;
  visibility: string;
  stand: string;
  reviewDue: string;
  contactMailbox: string;
  contactPerson: string;
  references: FormReference[];
  fields: Record<string, string>;
  body: string;
  note: string;
}

export interface FormReference {
  drucksache: string;
  title: string;
  /** '' (no link), or one of COUNCIL_SYSTEMS. */
  system: string;
  url: string;
}

/** Reference rows the form offers beyond those already filled (no JS needed to add one). */
export const EMPTY_REFERENCE_ROWS = 2;
/** More rows than this in a request are ignored. */
export const MAX_REFERENCE_ROWS = 20;

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** A new Beitrag: Stand today, next review in a year, visible to all staff until the editor decides otherwise. */
export function emptyValues(type: DocumentType, today = new Date()): FormValues {
  const nextYear = new Date(today);
  nextYear.setUTCFullYear(today.getUTCFullYear() + 1);
  return {
    type,
    title: '',
    summary: '',
    topics: [],
    tags: '',
    visibility: 'intern',
    stand: isoDay(today),
    reviewDue: isoDay(nextYear),
    contactMailbox: '',
    contactPerson: '',
    references: [],
    fields: Object.fromEntries(TYPE_FIELDS[type].map((f) => [f.name, ''])),
    body: '',
    note: '',
  };
}

/** The form filled from a stored revision. */
export function valuesFromData(data: DocumentData, body: string): FormValues {
  return {
    type: data.type,
    title: data.title,
    summary: data.summary,
    topics: [...data.topics],
    tags: data.tags.join(', '),
    visibility: data.visibility,
    stand: data.stand,
    reviewDue: data.reviewDue ?? '',
    contactMailbox: data.contact.mailbox,
    contactPerson: data.contact.person ?? '',
    references: data.references.map((r) => {
      const link = councilLink(r);
      return { drucksache: r.drucksache, title: r.title ?? '', system: link?.system ?? '', url: link?.url ?? '' };
    }),
    fields: Object.fromEntries(TYPE_FIELDS[data.type].map((f) => [f.name, data.fields[f.name] ?? ''])),
    body,
    note: '',
  };
}

function text(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === 'string' ? v.replace(/\r\n?/g, '\n') : '';
}

/**
 * Reads the editor form. Only the names the form itself renders are read, so
 * anything else in the request (tenant, status, author, ...) has no effect.
 * The type is not read from the request either: it is fixed by the route.
 */
export function readEditorForm(form: FormData, type: DocumentType): FormValues {
  const references: FormReference[] = [];
  for (let i = 0; i < MAX_REFERENCE_ROWS; i++) {
    const row = { drucksache: text(form, `ref-${i}-drucksache`), title: text(form, `ref-${i}-title`), system: text(form, `ref-${i}-system`), url: text(form, `ref-${i}-url`) };
    if (row.drucksache.trim() || row.title.trim() || row.url.trim()) references.push(row);
  }
  return {
    type,
    title: text(form, 'title'),
    summary: text(form, 'summary'),
    topics: form.getAll('topics').filter((v): v is string => typeof v === 'string'),
    tags: text(form, 'tags'),
    visibility: text(form, 'visibility'),
    stand: text(form, 'stand'),
    reviewDue: text(form, 'reviewDue'),
    contactMailbox: text(form, 'contactMailbox'),
    contactPerson: text(form, 'contactPerson'),
    references,
    fields: Object.fromEntries(TYPE_FIELDS[type].map((f) => [f.name, text(form, `field-${f.name}`)])),
    body: text(form, 'body'),
    note: text(form, 'note'),
  };
}
