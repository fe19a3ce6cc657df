import { memoize } from './memo';

const DATE = new Intl.DateTimeFormat('de-DE', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Berlin' });
const DATE_TIME = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' });

const dateOf = memoize((iso: string) => {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T12:00:00Z`) : new Date(iso);
  return Number.isNaN(day.getTime()) ? iso : DATE.format(day);
});

const dateTimeOf = memoize((iso: string | number) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : DATE_TIME.format(d);
});

/** 2025-06-30 → 30.06.2025 (a date-only string is taken as a calendar day, not shifted by time zones). */
export function formatDate(iso: string | null | undefined): string {
  return iso ? dateOf(iso) : '–';
}

export function formatDateTime(iso: string | number | null | undefined): string {
  return iso === null || iso === undefined ? '–' : dateTimeOf(iso);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1).replace('.', ',')} KB`;
  return `${(n / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;
}

/** Text for HTML, escaped exactly as Astro escapes expressions in templates (& < > ' "). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>'"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', "'": '&#39;', '"': '&quot;' })[c]!);
}

const BERLIN_DAY = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'Europe/Berlin' });

/** The calendar day (YYYY-MM-DD) in Europe/Berlin, where the Kreis works: a Stand confirmed at 00:30 belongs to that day. */
export function berlinDay(now = new Date()): string {
  return BERLIN_DAY.format(now);
}

const NUMBER = new Intl.NumberFormat('de-DE');

/**
 * "1 Beitrag", "2 Beiträge", "1.234 Beiträge": the one way counts are written next to a noun,
 * so no page says "1 Beiträge". German needs only singular (exactly 1) and plural (0 and more).
 */
export function countOf(n: number, singular: string, plural: string): string {
  return `${NUMBER.format(n)} ${n === 1 ? singular : plural}`;
}
