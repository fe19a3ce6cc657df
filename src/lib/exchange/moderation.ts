import { and, desc, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import { IMMEDIATE, getDb } from '../db/client';
import { answers, comments, exchangeReports, questions } from '../db/schema';
import type { Viewer } from '../auth/viewer';
import { tenantsWithRole } from '../auth/viewer';
import { writeAudit } from '../audit/log';
import { HttpError, notFound } from '../http/errors';
import { requestReindex } from '../search/scheduler';
import { listTenants } from '../tenants/registry';
import { emitExchangeEvent } from './events';
import { resolveItem, type ExchangeItem } from './items';
import { checkText, LIMITS, TEXT_NAMES, type ExchangeKind, type FieldErrors } from './vocabulary';

const AUDIT_NAMES: Record<ExchangeKind, string> = { frage: 'question', antwort: 'answer', kommentar: 'comment' };
const TABLES = { frage: questions, antwort: answers, kommentar: comments } as const;

/** The item when the viewer may read it; otherwise 404 (no hint that it exists). */
export function readableItem(viewer: Viewer | null, kind: ExchangeKind, id: number): ExchangeItem {
  const item = Number.isSafeInteger(id) && id > 0 ? resolveItem(kind, id) : undefined;
  if (!item || !item.canRead(viewer)) throw notFound();
  return item;
}

function auditItem(viewer: Viewer, item: ExchangeItem, verb: string, ip: string, detail = ''): void {
  writeAudit({
    action: `${AUDIT_NAMES[item.kind]}.${verb}`,
    actor: { id: viewer.id, label: viewer.email },
    tenant: item.tenant,
    object: `${item.path} (${item.context})`,
    ip,
    detail,
  });
}

/** Hides an item with a reason (moderators of its Kommune); audited, reversible, nothing deleted. */
export function hideItem(viewer: Viewer, item: ExchangeItem, reason: string, ip: string): { ok: true } | { ok: false; errors: FieldErrors } {
  if (!item.canModerate(viewer)) throw new HttpError(403, 'Ausblenden dürfen nur Admins der zuständigen Kommune.');
  const error = checkText(reason, LIMITS.reason, TEXT_NAMES.reason);
  if (error) return { ok: false, errors: { grund: error } };
  if (item.hiddenAt !== null) return { ok: true };
  const table = TABLES[item.kind];
  const db = getDb();
  db.transaction(() => {
    db.update(table).set({ hiddenAt: new Date().toISOString(), hiddenBy: viewer.id, hiddenReason: reason.trim() }).where(eq(table.id, item.id)).run();
    // A hidden answer cannot stay the helpful one: the question is open again.
    if (item.kind === 'antwort') db.update(questions).set({ helpfulAnswerId: null, answeredAt: null }).where(eq(questions.helpfulAnswerId, item.id)).run();
    auditItem(viewer, item, 'hide', ip, reason.trim());
  }, IMMEDIATE);
  requestReindex('Inhalt ausgeblendet');
  return { ok: true };
}

/** Shows a hidden item again; audited. */
export function unhideItem(viewer: Viewer, item: ExchangeItem, ip: string): void {
  if (!item.canModerate(viewer)) throw new HttpError(403, 'Wieder einblenden dürfen nur Admins der zuständigen Kommune.');
  if (item.hiddenAt === null) return;
  const table = TABLES[item.kind];
  const db = getDb();
  db.transaction(() => {
    db.update(table).set({ hiddenAt: null, hiddenBy: null, hiddenReason: null }).where(eq(table.id, item.id)).run();
    auditItem(viewer, item, 'unhide', ip, item.hiddenReason ?? '');
  }, IMMEDIATE);
  requestReindex('Inhalt wieder eingeblendet');
}

/** Reports an item the viewer may read to the moderators of its Kommune; audited. One open report per person and item. */
export function reportItem(viewer: Viewer, item: ExchangeItem, reason: string, ip: string): { ok: true } | { ok: false; errors: FieldErrors } {
  const error = checkText(reason, LIMITS.reason, TEXT_NAMES.reason);
  if (error) return { ok: false, errors: { grund: error } };
  const db = getDb();
  db.transaction(() => {
    const open = db
      .select({ id: exchangeReports.id })
      .from(exchangeReports)
      .where(and(eq(exchangeReports.kind, item.kind), eq(exchangeReports.itemId, item.id), eq(exchangeReports.reporterId, viewer.id), isNull(exchangeReports.resolvedAt)))
      .get();
    if (open) return;
    const row = db
      .insert(exchangeReports)
      .values({ kind: item.kind, itemId: item.id, tenant: item.tenant, reason: reason.trim(), reporterId: viewer.id, reporterLabel: viewer.name })
      .returning({ id: exchangeReports.id })
      .get();
    auditItem(viewer, item, 'report', ip, reason.trim());
    emitExchangeEvent({ type: 'item.reported', kind: item.kind, itemId: item.id, tenant: item.tenant, reportId: row.id });
  }, IMMEDIATE);
  return { ok: true };
}

export type ReportRow = typeof exchangeReports.$inferSelect;

/** One report, or undefined. */
export function getReport(id: number): ReportRow | undefined {
  return Number.isSafeInteger(id) && id > 0 ? getDb().select().from(exchangeReports).where(eq(exchangeReports.id, id)).get() : undefined;
}

/** Kommunen whose reports the viewer handles (admins; Kreis admins all). */
export function moderatedTenants(viewer: Viewer | null): string[] {
  return tenantsWithRole(viewer, 'admin', listTenants().map((t) => t.slug));
}

/** Open reports for the Kommunen the viewer moderates, newest first, with their items. */
export function listOpenReports(viewer: Viewer): { report: ReportRow; item: ExchangeItem | undefined }[] {
  const tenants = moderatedTenants(viewer);
  if (tenants.length === 0) return [];
  const where: SQL = and(isNull(exchangeReports.resolvedAt), inArray(exchangeReports.tenant, tenants))!;
  return getDb()
    .select()
    .from(exchangeReports)
    .where(where)
    .orderBy(desc(exchangeReports.id))
    .limit(200)
    .all()
    .map((report) => ({ report, item: resolveItem(report.kind, report.itemId) }));
}

/** Marks a report as dealt with; audited. */
export function resolveReport(viewer: Viewer, reportId: number, ip: string): void {
  const db = getDb();
  const report = Number.isSafeInteger(reportId) ? db.select().from(exchangeReports).where(eq(exchangeReports.id, reportId)).get() : undefined;
  if (!report || !moderatedTenants(viewer).includes(report.tenant)) throw notFound();
  if (report.resolvedAt) return;
  db.transaction(() => {
    db.update(exchangeReports).set({ resolvedAt: new Date().toISOString(), resolvedBy: viewer.id }).where(eq(exchangeReports.id, report.id)).run();
    writeAudit({ action: 'report.resolve', actor: { id: viewer.id, label: viewer.email }, tenant: report.tenant, object: `${report.kind} ${report.itemId}`, ip, detail: report.reason });
  }, IMMEDIATE);
}
