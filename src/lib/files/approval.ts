import { and, desc, eq, inArray } from 'drizzle-orm';
import { getDb } from '../db/client';
import { artefacts, artefactVersions } from '../db/schema';
import { deleteArtefactRows, deleteVersionRows, type ArtefactRow, type VersionRow } from './artefacts';
import { refreshFileManifest } from './manifest';

/**
 * Files in the four-eyes review: what a revision under review would change about a Beitrag's
 * files, and applying it when a revision is approved.
 */

export type FileChangeKind = 'neu' | 'neue-version' | 'entfernt' | 'version-entfernt';

export interface FileChange {
  kind: FileChangeKind;
  artefact: ArtefactRow;
  /** The version added or removed (for a removed file: its current version). */
  version: VersionRow;
  /** Title, description and licence as they will be after approval. */
  title: string;
  description: string;
  licence: string;
}

export const FILE_CHANGE_LABELS: Record<FileChangeKind, string> = {
  neu: 'Neue Datei',
  'neue-version': 'Neue Version',
  entfernt: 'Datei wird entfernt',
  'version-entfernt': 'Version wird entfernt',
};

function metaOf(artefact: ArtefactRow, version: VersionRow): Pick<FileChange, 'title' | 'description' | 'licence'> {
  const pending = version.pendingMeta ? (JSON.parse(version.pendingMeta) as Pick<FileChange, 'title' | 'description' | 'licence'>) : null;
  return pending ?? { title: artefact.title, description: artefact.description, licence: artefact.licence };
}

/** Every file change of this Beitrag that waits for the next approval, in the order of its files. */
export function pendingFileChanges(documentId: number): FileChange[] {
  const db = getDb();
  const files = db.select().from(artefacts).where(eq(artefacts.documentId, documentId)).orderBy(artefacts.createdAt, artefacts.id).all();
  if (files.length === 0) return [];
  const versions = db
    .select()
    .from(artefactVersions)
    .where(inArray(artefactVersions.artefactId, files.map((f) => f.id)))
    .orderBy(desc(artefactVersions.createdAt), desc(artefactVersions.id))
    .all();
  const changes: FileChange[] = [];
  for (const artefact of files) {
    const own = versions.filter((v) => v.artefactId === artefact.id);
    const approved = own.filter((v) => v.state === 'freigegeben');
    if (artefact.removalPending && approved.length > 0) {
      changes.push({ kind: 'entfernt', artefact, version: approved[0]!, ...metaOf(artefact, approved[0]!) });
      continue;
    }
    for (const v of own) {
      if (v.state === 'ausstehend') changes.push({ kind: approved.length === 0 ? 'neu' : 'neue-version', artefact, version: v, ...metaOf(artefact, v) });
      else if (v.removalPending) changes.push({ kind: 'version-entfernt', artefact, version: v, ...metaOf(artefact, v) });
    }
  }
  return changes;
}

/**
 * The people whose file changes wait for approval (uploads and requested removals): like the
 * revision's author, none of them may approve it (four-eyes).
 */
export function fileContributors(documentId: number): Set<string> {
  const people = new Set<string>();
  for (const c of pendingFileChanges(documentId)) {
    const who = c.kind === 'neu' || c.kind === 'neue-version' ? c.version.uploadedBy : c.kind === 'entfernt' ? c.artefact.removalRequestedBy : c.version.removalRequestedBy;
    if (who) people.add(who);
  }
  return people;
}

/**
 * Applies the pending file changes of a Beitrag when one of its revisions is approved: uploads are
 * published (a new version brings its title, description and licence), requested removals carried
 * out. Call inside the approval's transaction; release the returned blobs after it committed.
 */
export function applyPendingFiles(documentId: number, now: string): string[] {
  const db = getDb();
  const files = db.select().from(artefacts).where(eq(artefacts.documentId, documentId)).all();
  if (files.length === 0) return [];
  const ids = files.map((f) => f.id);
  const released = deleteArtefactRows(files.filter((f) => f.removalPending).map((f) => f.id));
  const removals = db
    .select({ id: artefactVersions.id })
    .from(artefactVersions)
    .where(and(inArray(artefactVersions.artefactId, ids), eq(artefactVersions.removalPending, true)))
    .all();
  released.push(...deleteVersionRows(removals.map((r) => r.id)));
  const pending = db
    .select()
    .from(artefactVersions)
    .where(and(inArray(artefactVersions.artefactId, ids), eq(artefactVersions.state, 'ausstehend')))
    .orderBy(artefactVersions.createdAt, artefactVersions.id)
    .all();
  for (const v of pending) {
    // Oldest first, so the newest pending version's title and licence win.
    const meta = v.pendingMeta ? (JSON.parse(v.pendingMeta) as Pick<ArtefactRow, 'title' | 'description' | 'licence'>) : {};
    db.update(artefacts).set({ ...meta, updatedAt: now }).where(eq(artefacts.id, v.artefactId)).run();
    db.update(artefactVersions).set({ state: 'freigegeben', pendingMeta: null }).where(eq(artefactVersions.id, v.id)).run();
  }
  refreshFileManifest(documentId);
  return released;
}
