import { and, asc, eq } from 'drizzle-orm';
import { getDb } from '../db/client';
import { exchangeEdits } from '../db/schema';
import type { ExchangeKind } from './vocabulary';

export type EditRow = typeof exchangeEdits.$inferSelect;

/** Keeps the text an edit replaces (call inside the edit's transaction). */
export function recordReplacedText(
  kind: ExchangeKind,
  itemId: number,
  before: { title?: string | null; bodyMd: string; html: string; writtenAt: string },
  editor: { id: string; label: string },
): void {
  getDb()
    .insert(exchangeEdits)
    .values({ kind, itemId, title: before.title ?? null, bodyMd: before.bodyMd, html: before.html, writtenAt: before.writtenAt, editorId: editor.id, editorLabel: editor.label })
    .run();
}

/** Earlier versions of an item, oldest first. Callers check that the viewer may read the item. */
export function listReplacedTexts(kind: ExchangeKind, itemId: number): EditRow[] {
  return getDb().select().from(exchangeEdits).where(and(eq(exchangeEdits.kind, kind), eq(exchangeEdits.itemId, itemId))).orderBy(asc(exchangeEdits.id)).all();
}
