import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { IMMEDIATE, compareKeys, getDb, prepared } from '../db/client';
import { cachedRead } from '../db/read-cache';
import { artefacts, artefactVersions, documents, FILE_STATES } from '../db/schema';
import type { Viewer } from '../auth/viewer';
import { canReadDocument, canReadFileVersion, canSeeEditorial, listableWhere } from '../documents/visibility';
import { requestReindex } from '../search/scheduler';
import { commitBlob, removeBlob } from './blobs';
import { refreshFileManifest } from './manifest';
import type { FileKind } from './types';

export type ArtefactRow = typeof artefacts.$inferSelect;
export type VersionRow = typeof artefactVersions.$inferSelect;
export type FileState = (typeof FILE_STATES)[number];
export type OwningDocument = Pick<typeof documents.$inferSelect, 'id' | 'tenant' | 'slug' | 'title' | 'visibility' | 'status' | 'liveRevisionId' | 'source'>;

export interface ArtefactWithVersions extends ArtefactRow {
  /** Newest first; the first one is the current file. */
  versions: VersionRow[];
}

export interface ArtefactMeta {
  title: string;
  description: string;
  licence: string;
  version: string;
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

/** How a new file or version is written: approved at once (loading demo data), or waiting for review. */
export interface AddOptions {
  createdAt?: string;
  state?: FileState;
  /** The revision that carries a pending upload. */
  revisionId?: number | null;
}

const OWNER_COLUMNS = {
  id: documents.id,
  tenant: documents.tenant,
  slug: documents.slug,
  title: documents.title,
  visibility: documents.visibility,
  status: documents.status,
  liveRevisionId: documents.liveRevisionId,
  source: documents.source,
};

export function findOwningDocument(tenant: string, slug: string): OwningDocument | undefined {
  return getDb().select(OWNER_COLUMNS).from(documents).where(and(eq(documents.tenant, tenant), eq(documents.slug, slug))).get();
}

/** Readers see files of Beiträge they may read; editors of the Kommune also those of drafts. */
export function canReadFiles(viewer: Viewer | null, doc: OwningDocument): boolean {
  return canReadDocument(viewer, doc) || canSeeEditorial(viewer, doc);
}

/** Whether the viewer may download this version (the rule lives in documents/visibility.ts). */
export function canReadVersion(viewer: Viewer | null, doc: OwningDocument, version: Pick<VersionRow, 'state'>): boolean {
  return canReadFileVersion(viewer, doc, version);
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
export function persistUpload<T>(file: StoredFile, write: () => T): T {
  commitBlob(file.tmpPath, file.sha256);
  let written: T;
  try {
    written = getDb().transaction(write, IMMEDIATE);
  } catch (err) {
    releaseBlob(file.sha256);
    throw err;
  }
  // Files are searchable with their Beitrag (title, description, text).
  requestReindex('Datei hinzugefügt');
  return written;
}

/** The rows of a new file with its first version; call inside a transaction. */
export function insertArtefact(documentId: number, meta: ArtefactMeta, file: StoredFile, by: Uploader, options: AddOptions = {}): { artefact: ArtefactRow; version: VersionRow } {
  const { createdAt } = options;
  const artefact = getDb()
    .insert(artefacts)
    .values({ documentId, title: meta.title, description: meta.description, licence: meta.licence, createdBy: by.id, ...(createdAt ? { createdAt, updatedAt: createdAt } : {}) })
    .returning()
    .get();
  const version = insertVersionRow(artefact.id, meta, file, by, options, false);
  refreshFileManifest(documentId);
  return { artefact, version };
}

/**
 * A new version of a file; call inside a transaction. Approved at once, it also brings its
 * title, description and licence; pending, it keeps them until the review approves it.
 */
export function insertVersion(artefactId: number, meta: ArtefactMeta, file: StoredFile, by: Uploader, options: AddOptions = {}): VersionRow {
  const pending = options.state === 'ausstehend';
  const version = insertVersionRow(artefactId, meta, file, by, options, pending);
  const db = getDb();
  if (!pending) {
    db.update(artefacts).set({ title: meta.title, description: meta.description, licence: meta.licence, updatedAt: version.createdAt }).where(eq(artefacts.id, artefactId)).run();
  }
  const documentId = db.select({ id: artefacts.documentId }).from(artefacts).where(eq(artefacts.id, artefactId)).get()!.id;
  refreshFileManifest(documentId);
  return version;
}

function insertVersionRow(artefactId: number, meta: ArtefactMeta, file: StoredFile, by: Uploader, options: AddOptions, keepMeta: boolean): VersionRow {
  return getDb()
    .insert(artefactVersions)
    .values({
      artefactId,
      version: meta.version,
      sha256: file.sha256,
      size: file.size,
      kind: file.kind,
      fileName: file.fileName,
      uploadedBy: by.id,
      uploaderLabel: by.label,
      state: options.state ?? 'freigegeben',
      revisionId: options.revisionId ?? null,
      pendingMeta: keepMeta ? JSON.stringify({ title: meta.title, description: meta.description, licence: meta.licence }) : null,
      ...(options.createdAt ? { createdAt: options.createdAt } : {}),
    })
    .returning()
    .get();
}

/**
 * Adds a file that is published at once — for loading demo data and for operators. Uploads
 * from the web go through the review (files/review.ts).
 */
export function addArtefact(documentId: number, meta: ArtefactMeta, file: StoredFile, by: Uploader, options: AddOptions = {}): { artefact: ArtefactRow; version: VersionRow } {
  return persistUpload(file, () => insertArtefact(documentId, meta, file, by, options));
}

/** Replaces an artefact's file with a new version published at once; earlier versions stay downloadable. */
export function addVersion(artefactId: number, meta: ArtefactMeta, file: StoredFile, by: Uploader, options: AddOptions = {}): VersionRow {
  return persistUpload(file, () => insertVersion(artefactId, meta, file, by, options));
}

/** Deletes one version (and the artefact with its last version) at once; the blob goes once unreferenced. */
export function deleteVersion(versionId: number): void {
  const db = getDb();
  const row = db.select().from(artefactVersions).where(eq(artefactVersions.id, versionId)).get();
  if (!row) return;
  db.transaction(() => deleteVersionRows([row.id]), IMMEDIATE);
  releaseBlob(row.sha256);
  // The words of a removed file leave the search index within seconds.
  requestReindex('Datei gelöscht');
}

/** Deletes an artefact with all its versions at once; blobs go once unreferenced. */
export function deleteArtefact(artefactId: number): void {
  const hashes = getDb().transaction(() => deleteArtefactRows([artefactId]), IMMEDIATE);
  for (const h of hashes) releaseBlob(h);
  requestReindex('Datei gelöscht');
}

/**
 * Deletes versions, and each artefact left without any; call inside a transaction, then release
 * the returned blobs once it has committed.
 */
export function deleteVersionRows(versionIds: number[]): string[] {
  if (versionIds.length === 0) return [];
  const db = getDb();
  const rows = db.select({ sha256: artefactVersions.sha256, artefactId: artefactVersions.artefactId }).from(artefactVersions).where(inArray(artefactVersions.id, versionIds)).all();
  db.delete(artefactVersions).where(inArray(artefactVersions.id, versionIds)).run();
  const touched = [...new Set(rows.map((r) => r.artefactId))];
  const documentIds = new Set<number>();
  for (const artefactId of touched) {
    const a = db.select({ documentId: artefacts.documentId }).from(artefacts).where(eq(artefacts.id, artefactId)).get();
    if (a) documentIds.add(a.documentId);
    const left = db.select({ n: count() }).from(artefactVersions).where(eq(artefactVersions.artefactId, artefactId)).get()?.n ?? 0;
    if (left === 0) db.delete(artefacts).where(eq(artefacts.id, artefactId)).run();
  }
  for (const id of documentIds) refreshFileManifest(id);
  return [...new Set(rows.map((r) => r.sha256))];
}

/** Deletes artefacts with all versions; call inside a transaction, then release the returned blobs. */
export function deleteArtefactRows(artefactIds: number[]): string[] {
  if (artefactIds.length === 0) return [];
  const db = getDb();
  const hashes = db.select({ sha256: artefactVersions.sha256 }).from(artefactVersions).where(inArray(artefactVersions.artefactId, artefactIds)).all();
  const documentIds = db.selectDistinct({ id: artefacts.documentId }).from(artefacts).where(inArray(artefacts.id, artefactIds)).all();
  db.delete(artefacts).where(inArray(artefacts.id, artefactIds)).run();
  for (const d of documentIds) refreshFileManifest(d.id);
  return [...new Set(hashes.map((h) => h.sha256))];
}

function withVersions(rows: ArtefactRow[], approvedOnly: boolean): ArtefactWithVersions[] {
  if (rows.length === 0) return [];
  const versions = getDb()
    .select()
    .from(artefactVersions)
    .where(and(inArray(artefactVersions.artefactId, rows.map((r) => r.id)), approvedOnly ? eq(artefactVersions.state, 'freigegeben') : undefined))
    .orderBy(desc(artefactVersions.createdAt), desc(artefactVersions.id))
    .all();
  return attachVersions(rows, versions);
}

/** Each file with its versions (newest first); a file without any is left out. */
function attachVersions(rows: readonly ArtefactRow[], versions: readonly VersionRow[]): ArtefactWithVersions[] {
  const byArtefact = new Map<number, VersionRow[]>();
  for (const v of versions) {
    const own = byArtefact.get(v.artefactId);
    if (own) own.push(v);
    else byArtefact.set(v.artefactId, [v]);
  }
  return rows.flatMap((r) => {
    const own = byArtefact.get(r.id);
    return own ? [{ ...r, versions: own }] : [];
  });
}

/**
 * The files of a Beitrag as the viewer may see them: readers the approved versions (a file whose
 * removal is only requested stays until approval); with `withPending`, editors and reviewers of
 * the Kommune also what waits for review, each version with its state.
 */
export function listArtefacts(viewer: Viewer | null, doc: OwningDocument, options: { withPending?: boolean } = {}): ArtefactWithVersions[] {
  if (!canReadFiles(viewer, doc)) return [];
  // Read once per database change (db/read-cache.ts); who sees which version is decided below.
  // One table per statement and sorted here (compareKeys in db/client.ts says why).
  const { rows, versions } = cachedRead(`artefacts|${doc.id}`, () => {
    const rows = prepared('artefacts-of-document', (d) => d.select().from(artefacts).where(eq(artefacts.documentId, sql.placeholder('id'))).prepare())
      .all({ id: doc.id })
      .sort((a, b) => compareKeys([a.createdAt, a.id], [b.createdAt, b.id]));
    if (rows.length === 0) return { rows, versions: [] };
    const versions = prepared('artefact-versions-of-document', (d) =>
      d
        .select()
        .from(artefactVersions)
        .where(inArray(artefactVersions.artefactId, d.select({ id: artefacts.id }).from(artefacts).where(eq(artefacts.documentId, sql.placeholder('id')))))
        .prepare(),
    )
      .all({ id: doc.id })
      .sort((a, b) => compareKeys([b.createdAt, b.id], [a.createdAt, a.id]));
    return { rows, versions };
  });
  const approvedOnly = !(options.withPending && canSeeEditorial(viewer, doc));
  return attachVersions(rows, approvedOnly ? versions.filter((v) => v.state === 'freigegeben') : versions);
}

export function getArtefact(documentId: number, artefactId: number): ArtefactWithVersions | undefined {
  const row = getDb().select().from(artefacts).where(and(eq(artefacts.id, artefactId), eq(artefacts.documentId, documentId))).get();
  return row ? withVersions([row], false)[0] : undefined;
}

export interface TenantArtefact extends ArtefactWithVersions {
  document: { tenant: string; slug: string; title: string; visibility: OwningDocument['visibility'] };
}

/** Approved files of a Kommune's published Beiträge that the viewer may read, newest first. */
export function listTenantArtefacts(viewer: Viewer | null, tenant: string): TenantArtefact[] {
  const rows = getDb()
    .select({ artefact: artefacts, document: { tenant: documents.tenant, slug: documents.slug, title: documents.title, visibility: documents.visibility } })
    .from(artefacts)
    .innerJoin(documents, eq(documents.id, artefacts.documentId))
    .where(and(listableWhere(viewer), eq(documents.tenant, tenant)))
    .orderBy(desc(artefacts.updatedAt), desc(artefacts.id))
    .all();
  const byId = new Map(rows.map((r) => [r.artefact.id, r.document]));
  return withVersions(rows.map((r) => r.artefact), true).map((a) => ({ ...a, document: byId.get(a.id)! }));
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

// --- Search: file metadata and text are searchable with their Beitrag, approved versions only ---

/** Title, description and current file name of the files of these Beiträge, per Beitrag. */
export interface ArtefactSearchText {
  title: string;
  description: string;
  fileName: string;
  /** Content hash and kind of the newest approved version, whose text is indexed. */
  sha256: string;
  kind: string;
}

export function artefactTextsFor(documentIds: number[]): Map<number, ArtefactSearchText[]> {
  const byDoc = new Map<number, ArtefactSearchText[]>();
  if (documentIds.length === 0) return byDoc;
  const rows = getDb().select().from(artefacts).where(inArray(artefacts.documentId, documentIds)).orderBy(asc(artefacts.id)).all();
  for (const a of withVersions(rows, true)) {
    const list = byDoc.get(a.documentId) ?? [];
    const newest = a.versions[0]!;
    list.push({ title: a.title, description: a.description, fileName: newest.fileName, sha256: newest.sha256, kind: newest.kind });
    byDoc.set(a.documentId, list);
  }
  return byDoc;
}

/** Content hash and kind of every artefact's newest approved version (the files whose text search indexes), with its Beitrag. */
export function newestArtefactVersions(): { documentId: number; sha256: string; kind: string }[] {
  return getDb().$client
    .prepare(
      `SELECT a.document_id AS documentId, v.sha256, v.kind FROM artefact_versions v JOIN artefacts a ON a.id = v.artefact_id
       WHERE v.id = (SELECT w.id FROM artefact_versions w WHERE w.artefact_id = v.artefact_id AND w.state = 'freigegeben' ORDER BY w.created_at DESC, w.id DESC LIMIT 1)`,
    )
    .all() as { documentId: number; sha256: string; kind: string }[];
}

/** Per Beitrag a stamp that changes whenever an approved file is added, edited, replaced or removed. */
export function artefactStamps(): Map<number, string> {
  const rows = getDb().$client
    .prepare(
      `SELECT a.document_id AS documentId, count(DISTINCT a.id) AS files, count(v.id) AS versions, max(a.updated_at) AS edited, max(v.created_at) AS uploaded
       FROM artefacts a JOIN artefact_versions v ON v.artefact_id = a.id AND v.state = 'freigegeben'
       GROUP BY a.document_id`,
    )
    .all() as { documentId: number; files: number; versions: number; edited: string | null; uploaded: string | null }[];
  return new Map(rows.map((r) => [r.documentId, `${r.files}/${r.versions}/${r.edited ?? ''}/${r.uploaded ?? ''}`]));
}
