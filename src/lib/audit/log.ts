import { count, desc, eq } from 'drizzle-orm';
import { getDb } from '../db/client';
import { auditLog } from '../db/schema';
import { auditCondition, type AuditFilter } from './filter';

export type AuditEntry = typeof auditLog.$inferSelect;

/** Control characters (and bidi overrides) become \xNN, so an entry can never forge a line or a terminal escape. */
export function escapeControl(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export interface AuditInput {
  action: string;
  actor: { id: string | null; label: string } | null;
  tenant?: string | null;
  object?: string;
  ip?: string;
  detail?: string;
}

/**
 * Appends one entry. Apart from this, only the count of a summary row (audit/summary.ts) and the
 * deletion of entries past their retention (audit/retention.ts) ever change the log.
 */
export function writeAudit(entry: AuditInput): void {
  getDb()
    .insert(auditLog)
    .values({
      action: escapeControl(entry.action),
      actorId: entry.actor?.id ?? null,
      actorLabel: escapeControl(entry.actor?.label ?? 'anonym').slice(0, 200),
      tenant: entry.tenant ?? null,
      object: escapeControl(entry.object ?? '').slice(0, 300),
      ip: escapeControl(entry.ip ?? '').slice(0, 64),
      detail: escapeControl(entry.detail ?? '').slice(0, 1000),
    })
    .run();
}

/** Newest first; `tenants` null means all (Kreis admins). */
export function listAudit(tenants: string[] | null, page: number, pageSize = 50, filter: AuditFilter = {}): { items: AuditEntry[]; total: number; pages: number; page: number } {
  const db = getDb();
  const where = auditCondition(tenants, filter);
  const total = db.select({ n: count() }).from(auditLog).where(where).get()?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const p = Math.min(Math.max(1, page), pages);
  const items = db.select().from(auditLog).where(where).orderBy(desc(auditLog.id)).limit(pageSize).offset((p - 1) * pageSize).all();
  return { items, total, pages, page: p };
}

/** Every entry of a scope and filter, newest first, at most `limit` (for the CSV export). */
export function exportAudit(tenants: string[] | null, filter: AuditFilter, limit: number): AuditEntry[] {
  return getDb().select().from(auditLog).where(auditCondition(tenants, filter)).orderBy(desc(auditLog.id)).limit(limit).all();
}

export function auditForUser(userId: string): AuditEntry[] {
  return getDb().select().from(auditLog).where(eq(auditLog.actorId, userId)).orderBy(desc(auditLog.id)).all();
}
