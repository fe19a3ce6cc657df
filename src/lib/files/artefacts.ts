import { and, asc, count, countDistinct, desc, eq, inArray, max, sql } from 'drizzle-orm';
import { IMMEDIATE, getDb, prepared } from '../db/client';
import { artefacts, artefactVersions, documents } from '../db/schema';
import type { Viewer } from '../auth/viewer';
import { canReadDocument, canSeeEditorial, listableWhere } from '../documents/visibility';
import { commitBlob, removeBlob } from './blobs';
import type { FileKind } from './types';

export type ArtefactRow = typeof artefacts.$inferSelect;
export type VersionRow = typeof artefactVersions.$inferSelect;
export type OwningDocument = Pick<typeof documents.$inferSelect, 'id' | 'tenant' | 'slug' | 'title' | 'visibility' | 'status' | 'liveRevisionId'>;

export interface ArtefactWithVersions extends ArtefactRow {
  /** Newest first; the first one is the current file. */
  versions: VersionRow[];
}

export interface StoredFile {
  tmpPath: string;
  sha256: string;
  size: number;
  kind: FileKind;
  fileName: string;
}

export interface Uploader {
  id: string | null;
  label: string;
}

const OWNER_COLUMNS = {
  id: documents.id,
  tenant: documents.tenant,
  slug: documents.slug,
  title: documents.title,
  visibility: documents.visibility,
  status: documents.status,
  liveRevisionId: documents.liveRevisionId,
};

export function findOwningDocument(tenant: string, slug: string): OwningDocument | undefined {
  return getDb().select(OWNER_COLUMNS).from(documents).where(and(eq(documents.tenant, tenant), eq(documents.slug, slug))).get();
}

/** Readers see files of Beiträge they may read; editors of the Kommune also those of drafts. */
export function canReadFiles(viewer: Viewer | null, doc: OwningDocument): boolean {
  return canReadDocument(viewer, doc) || canSeeEditorial(viewer, doc);
}

/** Removes a blob from disk unless a version still references it. */
export function releaseBlob(sha256: string): void {
  const left = getDb().select({ n: count() }).from(artefactVersions).where(eq(artefactVersions.sha256, sha256)).get()?.n ?? 0;
  if (left === 0) removeBlob(sha256);
}

/**
 * Stores a checked upload: the blob is fsynced and renamed first, then the rows are
 * written in one transaction. If the transaction fails (e.g. the disk is full), the
 * blob is released again, so neither a row without file nor a file without row stays.
 */
function persist<T>(file: StoredFile, write: () => T): T {
  commitBlob(file.tmpPath, file.sha256);
  try {
    return getDb().transaction(write, IMMEDIATE);
  } catch (err) {
    releaseBlob(file.sha256);
    throw err;
  }
}

export function addArtefact(
  documentId: number,
  meta: { title: string; description: string; licence: string; version: string },
  file: StoredFile,
  by: Uploader,
  createdAt?: string,
): { artefact: ArtefactRow; version: VersionRow } {
  return persist(file, () => {
    const db = getDb();
    const artefact = db
      .insert(artefacts)
      .values({ documentId, title: meta.title, description: meta.description, licence: meta.licence, createdBy: by.id, ...(createdAt ? { createdAt, updatedAt: createdAt } : {}) })
      .returning()
      .get();
    const version = insertVersion(artefact.id, meta.version, file, by, createdAt);
    return { artefact, version };
  });
}

/** Replaces an artefact's file with a new version; earlier versions stay downloadable. */
export function addVersion(
  artefactId: number,
  meta: { title: string; description: string; licence: string; version: string },
  file: StoredFile,
  by: Uploader,
  createdAt?: string,
): VersionRow {
  return persist(file, () => {
    const version = insertVersion(artefactId, meta.version, file, by, createdAt);
    getDb()
      .update(artefacts)
      .set({ title: meta.title, description: meta.description, licence: meta.licence, updatedAt: version.createdAt })
      .where(eq(artefacts.id, artefactId))
      .run();
    return version;
  });
}

function insertVersion(artefactId: number, version: string, file: StoredFile, by: Uploader, createdAt?: string): VersionRow {
  return getDb()
    .insert(artefactVersions)
    .values({
      artefactId,
      version,
      sha256: file.sha256,
      size: file.size,
      kind: file.kind,
      fileName: file.fileName,
      uploadedBy: by.id,
      uploaderLabel: by.label,
      ...(createdAt ? { createdAt } : {}),
    })
    .returning()
    .get();
}

/** Deletes one version (and the artefact with its last version); the blob goes once unreferenced. */
export function deleteVersion(versionId: number): void {
  const db = getDb();
  const row = db.select().from(artefactVersions).where(eq(artefactVersions.id, versionId)).get();
  if (!row) return;
  db.transaction(() => {
    db.delete(artefactVersions).where(eq(artefactVersions.id, versionId)).run();
    const left = db.select({ n: count() }).from(artefactVersions).where(eq(artefactVersions.artefactId, row.artefactId)).get()?.n ?? 0;
    if (left === 0) db.delete(artefacts).where(eq(artefacts.id, row.artefactId)).run();
  }, IMMEDIATE);
  releaseBlob(row.sha256);
}

/** Deletes an artefact with all its versions; blobs go once unreferenced. */
export function deleteArtefact(artefactId: number): void {
  const db = getDb();
  const hashes = db.select({ sha256: artefactVersions.sha256 }).from(artefactVersions).where(eq(artefactVersions.artefactId, artefactId)).all();
  db.delete(artefacts).where(eq(artefacts.id, artefactId)).run();
  for (const h of new Set(hashes.map((x) => x.sha256))) releaseBlob(h);
}

function withVersions(rows: ArtefactRow[]): ArtefactWithVersions[] {
  if (rows.length === 0) return [];
  const versions = getDb()
    .select()
    .from(artefactVersions)
    .where(inArray(artefactVersions.artefactId, rows.map((r) => r.id)))
    .orderBy(desc(artefactVersions.createdAt), desc(artefactVersions.id))
    .all();
  return rows.map((r) => ({ ...r, versions: versions.filter((v) => v.artefactId === r.id) }));
}

/** The files of a Beitrag, or none when the viewer may not read its files. */
export function listArtefacts(viewer: Viewer | null, doc: OwningDocument): ArtefactWithVersions[] {
  if (!canReadFiles(viewer, doc)) return [];
  const rows = prepared('artefacts-of-document', (d) =>
    d.select().from(artefacts).where(eq(artefacts.documentId, sql.placeholder('id'))).orderBy(asc(artefacts.createdAt), asc(artefacts.id)).prepare(),
  ).all({ id: doc.id });
  return withVersions(rows);
}

export function getArtefact(documentId: number, artefactId: number): ArtefactWithVersions | undefined {
  const row = getDb().select().from(artefacts).where(and(eq(artefacts.id, artefactId), eq(artefacts.documentId, documentId))).get();
  return row ? withVersions([row])[0] : undefined;
}

export interface TenantArtefact extends ArtefactWithVersions {
  document: { tenant: string; slug: string; title: string; visibility: OwningDocument['visibility'] };
}

/** Files of a Kommune's published Beiträge that the viewer may read, newest first. */
export function listTenantArtefacts(viewer: Viewer | null, tenant: string): TenantArtefact[] {
  const rows = getDb()
    .select({ artefact: artefacts, document: { tenant: documents.tenant, slug: documents.slug, title: documents.title, visibility: documents.visibility } })
    .from(artefacts)
    .innerJoin(documents, eq(documents.id, artefacts.documentId))
    .where(and(listableWhere(viewer), eq(documents.tenant, tenant)))
    .orderBy(desc(artefacts.updatedAt), desc(artefacts.id))
    .all();
  const full = withVersions(rows.map((r) => r.artefact));
  return full.map((a, i) => ({ ...a, document: rows[i]!.document }));
}

/** A version with what the download route needs to decide visibility. */
export function findVersionForDownload(versionId: number): { version: VersionRow; artefact: ArtefactRow; document: OwningDocument } | undefined {
  const row = getDb()
    .select({ version: artefactVersions, artefact: artefacts, document: OWNER_COLUMNS })
    .from(artefactVersions)
    .innerJoin(artefacts, eq(artefacts.id, artefactVersions.artefactId))
    .innerJoin(documents, eq(documents.id, artefacts.documentId))
    .where(eq(artefactVersions.id, versionId))
    .get();
  return row ?? undefined;
}

/** SHA-256 of every blob some version references (for the orphan sweep). */
export function referencedBlobs(): Set<string> {
  return new Set(getDb().selectDistinct({ sha256: artefactVersions.sha256 }).from(artefactVersions).all().map((r) => r.sha256));
}

/** A version of one of this Beitrag's files, with the file's title; undefined for any other. */
export function findVersionOfDocument(documentId: number, versionId: number): { title: string; version: VersionRow } | undefined {
  const row = getDb()
    .select({ title: artefacts.title, version: artefactVersions })
    .from(artefactVersions)
    .innerJoin(artefacts, eq(artefacts.id, artefactVersions.artefactId))
    .where(and(eq(artefactVersions.id, versionId), eq(artefacts.documentId, documentId)))
    .get();
  return row ?? undefined;
}

// --- Search: file metadata is searchable with its Beitrag ---

/** Title, description and current file name of the files of these Beiträge, per Beitrag. */
export interface ArtefactSearchText {
  title: string;
  description: string;
  fileName: string;
  /** Content hash and kind of the newest version, whose text is indexed. */
  sha256: string;
  kind: string;
}

export function artefactTextsFor(documentIds: number[]): Map<number, ArtefactSearchText[]> {
  const byDoc = new Map<number, ArtefactSearchText[]>();
  if (documentIds.length === 0) return byDoc;
  const rows = getDb().select().from(artefacts).where(inArray(artefacts.documentId, documentIds)).orderBy(asc(artefacts.id)).all();
  for (const a of withVersions(rows)) {
    const list = byDoc.get(a.documentId) ?? [];
    const newest = a.versions[0];
    list.push({ title: a.title, description: a.description, fileName: newest?.fileName ?? '', sha256: newest?.sha256 ?? '', kind: newest?.kind ?? '' });
    byDoc.set(a.documentId, list);
  }
  return byDoc;
}

/** Content hash and kind of every artefact's newest version: the files whose text search indexes. */
export function newestArtefactVersions(): { sha256: string; kind: string }[] {
  return getDb().$client
    .prepare(
      `SELECT v.sha256, v.kind FROM artefact_versions v
       WHERE v.id = (SELECT w.id FROM artefact_versions w WHERE w.artefact_id = v.artefact_id ORDER BY w.created_at DESC, w.id DESC LIMIT 1)`,
    )
    .all() as { sha256: string; kind: string }[];
}

/** Per Beitrag a stamp that changes whenever a file is added, edited, replaced or removed. */
export function artefactStamps(): Map<number, string> {
  const rows = getDb()
    .select({ documentId: artefacts.documentId, files: countDistinct(artefacts.id), versions: count(artefactVersions.id), edited: max(artefacts.updatedAt), uploaded: max(artefactVersions.createdAt) })
    .from(artefacts)
    .leftJoin(artefactVersions, eq(artefactVersions.artefactId, artefacts.id))
    .groupBy(artefacts.documentId)
    .all();
  return new Map(rows.map((r) => [r.documentId, `${r.files}/${r.versions}/${r.edited ?? ''}/${r.uploaded ?? ''}`]));
}
