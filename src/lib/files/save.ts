import { getConfig } from '../config';
import { writeAudit } from '../audit/log';
import type { Viewer } from '../auth/viewer';
import { getArtefact, type OwningDocument } from './artefacts';
import { addPendingFile } from './review';
import { parseArtefactForm, type FormErrors } from './form';
import { checkReceivedFile, receiveProblemMessage } from './intake';
import { discardTemp } from './blobs';
import { receiveUpload, type ReceiveProblem } from './upload';

export interface UploadOutcome {
  ok: boolean;
  status: number;
  errors: FormErrors;
  /** The submitted text fields, to fill the form again. */
  values: Record<string, string>;
  /** Title of the saved file (when ok). */
  title?: string;
  /** Number of the revision that carries the upload into review (when ok). */
  revision?: number;
}

// A body that broke off or is no multipart form is a bad request; a form without a file is
// an incomplete form like any other (422).
const RECEIVE_STATUS: Record<ReceiveProblem, number> = { too_large: 413, disk_full: 507, bad_request: 400, no_file: 422 };

function isStorageFull(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL';
}

/**
 * The whole upload of the form: stream, check the file, validate the fields, store.
 * Whatever fails, nothing is left behind (temp file removed, no row, no blob).
 */
export async function handleUpload(request: Request, doc: OwningDocument, viewer: Viewer, ip: string): Promise<UploadOutcome> {
  const limit = getConfig().uploadLimitBytes;
  const received = await receiveUpload(request, { limitBytes: limit });
  const values = received.fields;
  const form = parseArtefactForm(values);
  // A body refused or broken before any field arrived says nothing about the fields: only the file is named.
  const unread = (received.problem === 'too_large' || received.problem === 'bad_request') && Object.keys(values).length === 0;
  const errors: FormErrors = unread ? {} : { ...form.errors };
  let status = 422;
  const replacingId = values['artefakt'] ? Number(values['artefakt']) : null;
  const replacing = replacingId !== null && Number.isInteger(replacingId) ? getArtefact(doc.id, replacingId) : undefined;
  if (replacingId !== null && !replacing) errors.datei = 'Die Datei, die Sie ersetzen wollten, gibt es nicht mehr.';
  if (replacing && form.data && replacing.versions.some((v) => v.version === form.data!.version)) {
    errors.version = `Die Version „${form.data.version}“ gibt es für diese Datei schon. Bitte geben Sie eine neue Versionsbezeichnung an.`;
  }
  if (received.problem) {
    errors.datei = receiveProblemMessage(received.problem, limit);
    status = RECEIVE_STATUS[received.problem];
  }
  const checked = received.file ? await checkReceivedFile(received.file) : null;
  if (checked && !checked.ok) errors.datei = checked.message;
  if (Object.keys(errors).length > 0 || !checked?.ok || !form.data) {
    if (checked?.ok) {
      discardTemp(checked.file.tmpPath);
      errors.datei ??= 'Die Datei ist in Ordnung, wurde aber wegen der anderen Fehler nicht gespeichert. Bitte wählen Sie sie erneut aus.';
    }
    return { ok: false, status, errors, values };
  }
  const meta = { title: form.data.titel, description: form.data.beschreibung, licence: form.data.lizenz, version: form.data.version };
  const by = { id: viewer.id, label: viewer.name };
  let revision: number;
  try {
    revision = addPendingFile({ viewer, ip }, doc, meta, checked.file, replacing ? replacing.id : null);
  } catch (err) {
    discardTemp(checked.file.tmpPath);
    if (!isStorageFull(err)) throw err;
    return { ok: false, status: 507, errors: { datei: receiveProblemMessage('disk_full', limit) }, values };
  }
  writeAudit({
    action: replacing ? 'file.replace' : 'file.upload',
    actor: by,
    tenant: doc.tenant,
    object: `${doc.tenant}/${doc.slug}`,
    ip,
    detail: `${meta.title} (${checked.file.fileName}, Version ${meta.version}, ${checked.file.sha256.slice(0, 12)}; wartet auf Freigabe mit Fassung ${revision})`,
  });
  return { ok: true, status: 303, errors: {}, values, title: meta.title, revision };
}
