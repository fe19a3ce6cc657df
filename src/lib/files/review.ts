import { and, eq } from 'drizzle-orm';
import { IMMEDIATE, getDb } from '../db/client';
import { artefacts, artefactVersions } from '../db/schema';
import { draftForFileChange, type Actor } from '../documents/workflow';
import { HttpError } from '../http/errors';
import {
  deleteArtefactRows,
  deleteVersionRows,
  getArtefact,
  insertArtefact,
  insertVersion,
  persistUpload,
  releaseBlob,
  type ArtefactMeta,
  type OwningDocument,
  type StoredFile,
} from './artefacts';
import { refreshFileManifest } from './manifest';

/**
 * Changing the files of a Beitrag from the web: every change belongs to the open draft revision
 * (documents/workflow.ts draftForFileChange) and waits for its approval. Only what was never
 * approved is withdrawn at once; approved files stay published until the review says otherwise.
 */

const GONE = 'Diese Datei gibt es nicht (mehr).';

/** A new file or a new version of one, waiting for review; returns the number of the revision that carries it. */
export function addPendingFile(actor: Actor, doc: OwningDocument, meta: ArtefactMeta, file: StoredFile, replacingId: number | null): number {
  const by = { id: actor.viewer.id, label: actor.viewer.name };
  return persistUpload(file, () => {
    const revision = draftForFileChange(actor, doc, replacingId === null ? `Datei hinzugefügt: ${meta.title}` : `Neue Version von „${meta.title}“`);
    const options = { state: 'ausstehend' as const, revisionId: revision.id };
    if (replacingId === null) insertArtefact(doc.id, meta, file, by, options);
    else insertVersion(replacingId, meta, file, by, options);
    return revision.number;
  });
}

export type RemovalTarget = { artefactId: number } | { versionId: number };

/**
 * Removes a file or one version: what was never approved goes at once, an approved file or version
 * is marked and goes when the draft is approved. Returns what happened, for the message.
 */
export function removeFile(actor: Actor, doc: OwningDocument, target: RemovalTarget): { title: string; immediate: boolean } {
  const db = getDb();
  let released: string[] = [];
  const result = db.transaction(() => {
    const artefactId = 'artefactId' in target ? target.artefactId : db.select({ id: artefactVersions.artefactId }).from(artefactVersions).where(eq(artefactVersions.id, target.versionId)).get()?.id;
    const artefact = artefactId === undefined ? undefined : getArtefact(doc.id, artefactId);
    if (!artefact) throw new HttpError(404, GONE);
    draftForFileChange(actor, doc, `Datei entfernt: ${artefact.title}`);
    const approved = artefact.versions.filter((v) => v.state === 'freigegeben');
    if ('artefactId' in target) {
      if (approved.length === 0) released = deleteArtefactRows([artefact.id]);
      else {
        // Uploads of it that were never approved go now; the file itself with the approval.
        released = deleteVersionRows(artefact.versions.filter((v) => v.state === 'ausstehend').map((v) => v.id));
        db.update(artefacts).set({ removalPending: true, removalRequestedBy: actor.viewer.id }).where(eq(artefacts.id, artefact.id)).run();
      }
      refreshFileManifest(doc.id);
      return { title: artefact.title, immediate: approved.length === 0 };
    }
    const version = artefact.versions.find((v) => v.id === target.versionId)!;
    const immediate = version.state === 'ausstehend';
    if (immediate) released = deleteVersionRows([version.id]);
    else db.update(artefactVersions).set({ removalPending: true, removalRequestedBy: actor.viewer.id }).where(eq(artefactVersions.id, version.id)).run();
    refreshFileManifest(doc.id);
    return { title: `${artefact.title}, Version ${version.version}`, immediate };
  }, IMMEDIATE);
  for (const sha256 of released) releaseBlob(sha256);
  return result;
}

/** Takes back a requested removal (of a file or a version) before it was approved. */
export function keepFile(actor: Actor, doc: OwningDocument, target: RemovalTarget): string {
  const db = getDb();
  return db.transaction(() => {
    draftForFileChange(actor, doc, 'Entfernen einer Datei zurückgenommen');
    if ('artefactId' in target) {
      const artefact = getArtefact(doc.id, target.artefactId);
      if (!artefact) throw new HttpError(404, GONE);
      db.update(artefacts).set({ removalPending: false, removalRequestedBy: null }).where(eq(artefacts.id, artefact.id)).run();
      refreshFileManifest(doc.id);
      return artefact.title;
    }
    const row = db
      .select({ title: artefacts.title, version: artefactVersions.version })
      .from(artefactVersions)
      .innerJoin(artefacts, eq(artefacts.id, artefactVersions.artefactId))
      .where(and(eq(artefactVersions.id, target.versionId), eq(artefacts.documentId, doc.id)))
      .get();
    if (!row) throw new HttpError(404, GONE);
    db.update(artefactVersions).set({ removalPending: false, removalRequestedBy: null }).where(eq(artefactVersions.id, target.versionId)).run();
    refreshFileManifest(doc.id);
    return `${row.title}, Version ${row.version}`;
  }, IMMEDIATE);
}
