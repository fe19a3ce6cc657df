import type Database from 'better-sqlite3';

/** A file that a database row points to, with the checksum recorded at upload time. */
export interface FileReference {
  /** Relative to the data folder, e.g. files/ab/abcdef…; forward slashes. */
  path: string;
  sha256: string;
  /** Who refers to it, for the operator's report (e.g. "file 12 of Beitrag 7"). */
  owner: string;
  /** The Beitrag the file belongs to and its original name, for exports. */
  documentId: number | null;
  name: string;
}

/**
 * Every stored file the database refers to. Uploaded files get their table with
 * issue 5 (file uploads); until that table exists, no row refers to a file, so this
 * answers with an empty list and every file under files/ counts as an orphan.
 */
export function listFileReferences(sqlite: Database.Database): FileReference[] {
  const hasTable = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'files'").get();
  if (!hasTable) return [];
  throw new Error('the files table exists but listFileReferences does not know its columns yet; update src/lib/ops/file-references.ts');
}
