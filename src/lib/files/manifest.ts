import { getDb } from '../db/client';

/**
 * The files a revision carries, recorded on the revision (revisions.files) so that any two
 * revisions can be compared with their files, even after a file has been removed for good.
 * One entry per file: its current version and the title, description and licence it has with it.
 */
export interface ManifestEntry {
  artefactId: number;
  title: string;
  description: string;
  licence: string;
  versionId: number;
  version: string;
  fileName: string;
  kind: string;
  size: number;
  sha256: string;
}

/** A manifest entry as read, with the title, description and licence waiting for review (JSON) beside it. */
interface Row extends ManifestEntry {
  pendingMeta: string | null;
}

/**
 * The files as they will be once the pending changes are approved: requested removals left out,
 * uploads waiting for review in, each file with its newest version.
 */
export function prospectiveFiles(documentId: number): ManifestEntry[] {
  const rows = getDb().$client
    .prepare(
      `SELECT a.id AS artefactId, a.title, a.description, a.licence, v.id AS versionId, v.version, v.file_name AS fileName,
              v.kind, v.size, v.sha256, v.pending_meta AS pendingMeta
       FROM artefacts a
       JOIN artefact_versions v ON v.id = (
         SELECT w.id FROM artefact_versions w WHERE w.artefact_id = a.id AND w.removal_pending = 0
         ORDER BY w.created_at DESC, w.id DESC LIMIT 1)
       WHERE a.document_id = ? AND a.removal_pending = 0
       ORDER BY a.created_at, a.id`,
    )
    .all(documentId) as Row[];
  return rows.map(({ pendingMeta, ...r }) => ({ ...r, ...(pendingMeta ? (JSON.parse(pendingMeta) as Pick<ManifestEntry, 'title' | 'description' | 'licence'>) : {}) }));
}

/** Records the prospective files on the Beitrag's newest revision; call in the transaction that changed them. */
export function refreshFileManifest(documentId: number): void {
  getDb()
    .$client.prepare('UPDATE revisions SET files = ? WHERE id = (SELECT latest_revision_id FROM documents WHERE id = ?)')
    .run(JSON.stringify(prospectiveFiles(documentId)), documentId);
}

/** The files recorded on a revision; null for revisions from before files were recorded. */
export function parseManifest(json: string | null): ManifestEntry[] | null {
  return json === null ? null : (JSON.parse(json) as ManifestEntry[]);
}

export type FileDifference = 'gleich' | 'neu' | 'entfernt' | 'neue-version' | 'angaben-geaendert';

export interface FileComparisonRow {
  artefactId: number;
  older: ManifestEntry | null;
  newer: ManifestEntry | null;
  difference: FileDifference;
}

/** Pairs the files of two revisions by file: added, removed, replaced by a new version, or only renamed/relicensed. */
export function compareManifests(older: ManifestEntry[], newer: ManifestEntry[]): FileComparisonRow[] {
  const rows: FileComparisonRow[] = [];
  const byId = new Map(newer.map((e) => [e.artefactId, e]));
  for (const o of older) {
    const n = byId.get(o.artefactId) ?? null;
    byId.delete(o.artefactId);
    const difference: FileDifference = !n
      ? 'entfernt'
      : n.versionId !== o.versionId
        ? 'neue-version'
        : n.title !== o.title || n.description !== o.description || n.licence !== o.licence
          ? 'angaben-geaendert'
          : 'gleich';
    rows.push({ artefactId: o.artefactId, older: o, newer: n, difference });
  }
  for (const n of byId.values()) rows.push({ artefactId: n.artefactId, older: null, newer: n, difference: 'neu' });
  return rows;
}
