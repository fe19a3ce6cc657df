import { and, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { auditLog } from '../db/schema';
import { actionsOfKind, isAuditKind, type AuditKind } from './describe';

/** What the audit log is narrowed to; every field is optional. */
export interface AuditFilter {
  tenant?: string;
  kind?: AuditKind;
  /** Part of the acting person's or the object's e-mail address (the log stores addresses, not names). */
  person?: string;
  /** Days in German time, inclusive: YYYY-MM-DD. */
  from?: string;
  to?: string;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight of a day in Europe/Berlin as a UTC ISO string (the log stores UTC). */
export function berlinMidnight(day: string, addDays = 0): string | null {
  const m = DAY.exec(day);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const valid = new Date(Date.UTC(y, mo, d));
  if (y < 2000 || y > 9999 || valid.getUTCMonth() !== mo || valid.getUTCDate() !== d) return null;
  const utc = Date.UTC(y, mo, d + addDays);
  const check = new Date(utc);
  // The offset of Berlin at that moment (one or two hours, by daylight saving time).
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(check).map((p) => [p.type, p.value]));
  const asBerlin = Date.UTC(Number(parts['year']), Number(parts['month']) - 1, Number(parts['day']), Number(parts['hour']), Number(parts['minute']));
  return new Date(utc - (asBerlin - utc)).toISOString();
}

/**
 * Reads the filter from the query (`kommune`, `art`, `person`, `von`, `bis`). Values outside the
 * viewer's scope or malformed are dropped with a German note, never an error page.
 */
export function parseAuditFilter(params: URLSearchParams, allowedTenants: readonly string[] | null): { filter: AuditFilter; notes: string[] } {
  const filter: AuditFilter = {};
  const notes: string[] = [];
  const tenant = params.get('kommune') ?? '';
  if (tenant) {
    if (allowedTenants === null || allowedTenants.includes(tenant)) filter.tenant = tenant;
    else notes.push('Die gewählte Kommune können Sie nicht einsehen; es werden alle Ihre Kommunen gezeigt.');
  }
  const kind = params.get('art') ?? '';
  if (kind) {
    if (isAuditKind(kind)) filter.kind = kind;
    else notes.push('Diese Art von Ereignis gibt es nicht; es werden alle Arten gezeigt.');
  }
  const person = (params.get('person') ?? '').trim().slice(0, 200);
  if (person) filter.person = person;
  for (const [name, key] of [['von', 'from'], ['bis', 'to']] as const) {
    const value = params.get(name) ?? '';
    if (!value) continue;
    if (berlinMidnight(value)) filter[key] = value;
    else notes.push(`Das Datum „${value.slice(0, 40)}“ ist ungültig (erwartet: TT.MM.JJJJ über die Datumsauswahl); der Filter wird nicht angewandt.`);
  }
  return { filter, notes };
}

/** LIKE pattern for a literal part of a text (the wildcards % and _ and the escape \ are escaped). */
function contains(value: string): string {
  return `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The SQL condition for a scope (null: everything, for Kreis admins) and a filter. */
export function auditCondition(scope: readonly string[] | null, filter: AuditFilter = {}): SQL | undefined {
  const parts: (SQL | undefined)[] = [];
  if (scope !== null) parts.push(inArray(auditLog.tenant, scope.length ? [...scope] : ['']));
  if (filter.tenant) parts.push(inArray(auditLog.tenant, [filter.tenant]));
  if (filter.kind) parts.push(inArray(auditLog.action, actionsOfKind(filter.kind)));
  if (filter.person) {
    const pattern = contains(filter.person);
    parts.push(or(sql`${auditLog.actorLabel} LIKE ${pattern} ESCAPE '\\'`, sql`${auditLog.object} LIKE ${pattern} ESCAPE '\\'`));
  }
  if (filter.from) parts.push(gte(auditLog.at, berlinMidnight(filter.from)!));
  if (filter.to) parts.push(lt(auditLog.at, berlinMidnight(filter.to, 1)!));
  return and(...parts);
}
