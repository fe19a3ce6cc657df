import { getConfig } from '../config';
import { writeAudit } from '../audit/log';
import type { Viewer } from '../auth/viewer';
import { LICENCES } from '../documents/vocabulary';
import type { OwningDocument } from './artefacts';
import { discardTemp } from './blobs';
import { checkReceivedFile, receiveProblemMessage } from './intake';
import { addPendingFile } from './review';
import { receiveUpload } from './upload';

/** Files one request of the "several at once" form may carry. */
export const MAX_FILES_AT_ONCE = 10;

export interface BatchOutcome {
  status: number;
  /** Titles of the files stored. */
  saved: string[];
  /** Files refused, each with its German reason; the others were stored all the same. */
  refused: { name: string; message: string }[];
  /** A problem with the whole form (no file, licence missing, too large together). */
  error: string | null;
  licence: string;
}

/** "Checkliste_Rückgabe_Schul-IT.docx" → "Checkliste Rückgabe Schul-IT"; a title the editor can change with a new version. */
export function titleFromFileName(fileName: string): string {
  const stem = fileName.replace(/\.[^.]+$/, '').replace(/_+/g, ' ').replace(/\s+/g, ' ').trim();
  const title = stem.length >= 3 ? stem : fileName;
  return title.slice(0, 160);
}

/**
 * Several files at once, each with a title from its name, version 1.0 and one licence for all.
 * Every file is checked on its own: refused ones are named and nothing of them stays, the others
 * are stored (each waiting for review like any upload).
 */
export async function handleBatchUpload(request: Request, doc: OwningDocument, viewer: Viewer, ip: string): Promise<BatchOutcome> {
  const limit = getConfig().uploadLimitBytes;
  const received = await receiveUpload(request, { limitBytes: limit, maxFiles: MAX_FILES_AT_ONCE });
  const licence = received.fields['lizenz'] ?? '';
  const outcome: BatchOutcome = { status: 422, saved: [], refused: [], error: null, licence };
  const licenceOk = (LICENCES as readonly string[]).includes(licence);
  // Each file may reach the limit on its own; together they may not exceed it either.
  const together = received.files.reduce((n, f) => n + f.size, 0);
  if (!received.problem && together > limit) received.problem = 'too_large';
  if (received.problem || !licenceOk) {
    for (const f of received.files) discardTemp(f.tmpPath);
    outcome.error = received.problem
      ? receiveProblemMessage(received.problem, limit).replace('Die Datei ist größer', 'Die Dateien sind zusammen oder einzeln größer').replace('Bitte wählen Sie eine Datei aus.', 'Bitte wählen Sie eine oder mehrere Dateien aus.')
      : 'Bitte wählen Sie eine Lizenz aus der Liste.';
    outcome.status = received.problem === 'too_large' ? 413 : received.problem === 'disk_full' ? 507 : 422;
    return outcome;
  }
  try {
    for (const file of received.files) {
      const checked = await checkReceivedFile(file);
      if (!checked.ok) {
        outcome.refused.push({ name: file.rawName, message: checked.message });
        continue;
      }
      const meta = { title: titleFromFileName(checked.file.fileName), description: '', licence, version: '1.0' };
      const revision = addPendingFile({ viewer, ip }, doc, meta, checked.file, null);
      outcome.saved.push(meta.title);
      writeAudit({
        action: 'file.upload',
        actor: { id: viewer.id, label: viewer.name },
        tenant: doc.tenant,
        object: `${doc.tenant}/${doc.slug}`,
        ip,
        detail: `${meta.title} (${checked.file.fileName}, Version 1.0, ${checked.file.sha256.slice(0, 12)}; wartet auf Freigabe mit Fassung ${revision})`,
      });
    }
  } finally {
    // Whatever was not stored (a refusal, or an error half-way) leaves no temp file behind.
    for (const f of received.files) discardTemp(f.tmpPath);
  }
  outcome.status = outcome.refused.length === 0 ? 303 : 422;
  return outcome;
}
