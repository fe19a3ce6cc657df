import type { Viewer } from '../auth/viewer';
import { listVisibleReuses, type ReuseWithDocument } from './reuses';
import type { ReuseStatus } from './vocabulary';

export interface MatrixRow {
  document: ReuseWithDocument['document'];
  cells: Map<string, ReuseStatus>;
  adopted: number;
  total: number;
}

/**
 * Kommunen × Beiträge: one row per Beitrag that any Kommune reuses, the most reused
 * first (adopted counts before in progress before interest), then by title.
 */
export function reuseMatrix(viewer: Viewer | null): MatrixRow[] {
  const rows = new Map<number, MatrixRow>();
  for (const { reuse, document } of listVisibleReuses(viewer)) {
    const row = rows.get(document.id) ?? { document, cells: new Map(), adopted: 0, total: 0 };
    row.cells.set(reuse.tenant, reuse.status);
    row.total++;
    if (reuse.status === 'uebernommen') row.adopted++;
    rows.set(document.id, row);
  }
  return [...rows.values()].sort((a, b) => b.adopted - a.adopted || b.total - a.total || a.document.title.localeCompare(b.document.title, 'de'));
}
