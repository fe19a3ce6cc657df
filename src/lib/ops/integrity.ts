import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { sha256File } from './checksum';
import { listStoredFiles } from './data-files';
import { listFileReferences } from './file-references';

export interface IntegrityReport {
  ok: boolean;
  /** One line per problem, in English for the operator. */
  problems: string[];
  checkedFiles: number;
}

function databaseProblems(sqlite: Database.Database): string[] {
  const problems: string[] = [];
  const integrity = sqlite.pragma('integrity_check') as { integrity_check: string }[];
  for (const row of integrity) if (row.integrity_check !== 'ok') problems.push(`integrity_check: ${row.integrity_check}`);
  const fk = sqlite.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
  for (const row of fk) problems.push(`foreign key: row ${row.rowid} of ${row.table} points to a missing ${row.parent} row`);
  return problems;
}

/** Links the schema keeps without a foreign key (they point back and forth between documents and revisions). */
function documentProblems(sqlite: Database.Database): string[] {
  const rows = sqlite
    .prepare(
      `SELECT d.id, d.tenant, d.slug, 'live' AS link FROM documents d
         WHERE d.live_revision_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM revisions r WHERE r.id = d.live_revision_id AND r.document_id = d.id)
       UNION ALL
       SELECT d.id, d.tenant, d.slug, 'latest' FROM documents d
         WHERE d.latest_revision_id IS NULL OR NOT EXISTS (SELECT 1 FROM revisions r WHERE r.id = d.latest_revision_id AND r.document_id = d.id)`,
    )
    .all() as { id: number; tenant: string; slug: string; link: string }[];
  return rows.map((r) => `Beitrag ${r.id} (${r.tenant}/${r.slug}) has no valid ${r.link} revision`);
}

function fileProblems(sqlite: Database.Database, dataDir: string): { problems: string[]; checked: number } {
  const problems: string[] = [];
  const references = listFileReferences(sqlite);
  const referenced = new Set<string>();
  for (const ref of references) {
    if (referenced.has(ref.path)) continue; // versions with equal content share one blob
    referenced.add(ref.path);
    const file = path.join(dataDir, ref.path);
    if (!fs.existsSync(file)) problems.push(`${ref.owner}: ${ref.path} is missing`);
    else if (sha256File(file) !== ref.sha256) problems.push(`${ref.owner}: ${ref.path} does not match its checksum`);
  }
  for (const rel of listStoredFiles(dataDir)) {
    if (!referenced.has(rel)) problems.push(`orphan file: ${rel} is not referenced by any row`);
  }
  return { problems, checked: referenced.size };
}

/**
 * The operator's integrity check: SQLite's own checks, foreign keys, the links between
 * Beiträge and revisions, and every referenced file present with the right checksum.
 */
export function checkIntegrity(sqlite: Database.Database, dataDir: string): IntegrityReport {
  const problems = databaseProblems(sqlite);
  // A damaged file makes further queries meaningless.
  if (problems.some((p) => p.startsWith('integrity_check'))) return { ok: false, problems, checkedFiles: 0 };
  problems.push(...documentProblems(sqlite));
  const files = fileProblems(sqlite, dataDir);
  problems.push(...files.problems);
  return { ok: problems.length === 0, problems, checkedFiles: files.checked };
}
