import type { Tenant } from '../tenants/schema';
import { renderMarkdown } from '../markdown/render';
import { findImageProblems, imageProblemMessages } from '../markdown/images';
import { compareVersions, type FieldComparison } from './compare';
import type { DocumentData } from './data';
import { readEditorForm, type FormValues } from './form';
import { latestRevision } from './revisions';
import type { DocumentRow, RenderedRevision, RevisionRow } from './store';
import { validateValues, type FieldErrors } from './validation';
import { assertCanEdit, createDocument, saveRevision, submitRevision, type Actor } from './workflow';
import { TYPE_FIELDS, type DocumentType } from './vocabulary';

/**
 * One POST of the editor form (create or edit), so the pages stay thin:
 * "vorschau" renders without saving, "speichern" saves a revision,
 * "einreichen" saves and submits it for review in one step.
 */
export type EditorOutcome =
  | { kind: 'preview'; values: FormValues; preview: Preview }
  | { kind: 'invalid'; values: FormValues; errors: FieldErrors }
  | { kind: 'conflict'; values: FormValues; latest: RevisionRow; comparison: FieldComparison[] }
  | { kind: 'saved'; doc: DocumentRow; submitted: boolean; addFiles: boolean };

/** "dateien": save the new draft and go on to add its files. */
type Intent = 'vorschau' | 'speichern' | 'einreichen' | 'dateien';

export interface Preview {
  title: string;
  summary: string;
  html: RenderedRevision;
  /** What the preview could not show as typed (images from other websites, missing alt text), per part. */
  problems: string[];
}

function intentOf(form: FormData): Intent {
  const v = form.get('aktion');
  return v === 'vorschau' || v === 'einreichen' || v === 'dateien' ? v : 'speichern';
}

/** Renders the Markdown as typed, valid or not: the preview never saves anything. */
function previewOf(values: FormValues): Preview {
  const fields: Record<string, string> = {};
  const problems: string[] = [];
  for (const def of TYPE_FIELDS[values.type]) {
    const v = values.fields[def.name];
    if (def.kind === 'markdown' && v?.trim()) {
      fields[def.name] = renderMarkdown(v);
      for (const m of imageProblemMessages(findImageProblems(fields[def.name]!))) problems.push(`${def.label}: ${m}`);
    }
  }
  const body = renderMarkdown(values.body);
  for (const m of imageProblemMessages(findImageProblems(body))) problems.push(`Text: ${m}`);
  return { title: values.title.trim(), summary: values.summary.trim(), html: { body, fields }, problems };
}

export function handleCreate(actor: Actor, tenant: Tenant, type: DocumentType, form: FormData): EditorOutcome {
  const values = readEditorForm(form, type);
  const intent = intentOf(form);
  if (intent === 'vorschau') return { kind: 'preview', values, preview: previewOf(values) };
  const result = validateValues(values);
  if (!result.ok) return { kind: 'invalid', values, errors: result.errors };
  const doc = createDocument(actor, tenant, result);
  if (intent === 'einreichen') submitRevision(actor, doc, doc.latestRevisionId!);
  return { kind: 'saved', doc, submitted: intent === 'einreichen', addFiles: intent === 'dateien' };
}

export function handleEdit(actor: Actor, doc: DocumentRow, form: FormData): EditorOutcome {
  const values = readEditorForm(form, doc.type);
  const intent = intentOf(form);
  if (intent === 'vorschau') return { kind: 'preview', values, preview: previewOf(values) };
  // Refuse before validating: a read-only Beitrag gets a clear 403, not a list of field errors.
  assertCanEdit(actor, doc);
  const result = validateValues(values);
  if (!result.ok) return { kind: 'invalid', values, errors: result.errors };
  const base = Number(form.get('baseRevision'));
  const saved = saveRevision(actor, doc, { data: result.data, body: result.body, note: result.note, baseRevisionId: Number.isInteger(base) ? base : -1 });
  if (!saved.ok) {
    const latest = saved.conflict;
    const comparison = compareVersions({ data: JSON.parse(latest.data) as DocumentData, body: latest.bodyMd }, { data: result.data, body: result.body });
    return { kind: 'conflict', values, latest, comparison };
  }
  if (intent === 'einreichen') submitRevision(actor, saved.doc, saved.revision.id);
  return { kind: 'saved', doc: saved.doc, submitted: intent === 'einreichen', addFiles: intent === 'dateien' };
}

/** The revision an edit form starts from: the newest one, whatever its status. */
export function editBase(doc: DocumentRow): RevisionRow {
  return latestRevision(doc);
}
