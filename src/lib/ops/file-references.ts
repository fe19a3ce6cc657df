import type Database from 'better-sqlite3';

/** A file that a database row points to, with the checksum recorded at upload time. */
export interface FileReference {
  /** Relative to the data folder, e.g. files/ab/abcdef…; forward slashes. */
  path: string;
  sha256: string;
  /** Who refers to it, for the operator's report (e.g. "file version 12"). */
  owner: string;
  /** The Beitrag the file belongs to and a file name for exports. */
  documentId: number | null;
  name: string;
}

/**
 * Every stored file the database refers to. File uploads keep each version's
 * bytes under files/<first two hex digits>/<sha256> and list them in artefact_versions;
 * read with plain SQL so this also works on a database from before that table existed
 * (then no row refers to a file, and every stored file counts as an orphan).
 */
export function listFileReferences(sqlite: Database.Database): FileReference[] {
  const hasTable = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'artefact_versions'").get();
  if (!hasTable) return [];
  const rows = sqlite
    .prepare('SELECT v.id, v.sha256, v.file_name AS fileName, a.document_id AS documentId FROM artefact_versions v LEFT JOIN artefacts a ON a.id = v.artefact_id ORDER BY v.id')
    .all() as { id: number; sha256: string; fileName: string; documentId: number | null }[];
  return rows.map((r) => ({
    path: `files/${r.sha256.slice(0, 2)}/${r.sha256}`,
    sha256: r.sha256,
    owner: `file version ${r.id}`,
    documentId: r.documentId,
    name: `${r.id}-${r.fileName}`,
  }));
}
