import type { Viewer } from '../auth/viewer';
import { tenantsWithRole } from '../auth/viewer';
import { HttpError } from '../http/errors';
import { listTenants } from '../tenants/registry';
import { recordReuse, withdrawReuse } from './reuses';
import { parseReuseForm, type ReuseFormErrors } from './vocabulary';

/** The Kommunen for which the viewer may record reuse of a Beitrag of `owner`. */
export function reuseTenantsFor(viewer: Viewer, owner: string): string[] {
  return tenantsWithRole(viewer, 'mitarbeiter', listTenants().map((t) => t.slug)).filter((t) => t !== owner);
}

export type ReuseOutcome = { ok: true; action: 'saved' | 'withdrawn' | 'nothing' } | { ok: false; errors: ReuseFormErrors; values: Record<string, string> };

/** Saves or withdraws a Nachnutzung from the submitted form fields. */
export function handleReuseForm(
  doc: { id: number; tenant: string; slug: string },
  viewer: Viewer,
  ip: string,
  fields: Record<string, string>,
): ReuseOutcome {
  const allowed = reuseTenantsFor(viewer, doc.tenant);
  const kommune = fields['kommune'] ?? '';
  if (!allowed.includes(kommune)) throw new HttpError(403, 'Sie können eine Nachnutzung nur für eine Kommune eintragen, der Sie angehören.');
  const actor = { id: viewer.id, label: viewer.name, ip };
  if (fields['aktion'] === 'zurueckziehen') {
    return { ok: true, action: withdrawReuse(doc, kommune, actor) ? 'withdrawn' : 'nothing' };
  }
  const parsed = parseReuseForm(fields);
  if (!parsed.data) return { ok: false, errors: parsed.errors, values: fields };
  recordReuse(doc, { tenant: kommune, status: parsed.data.status, note: parsed.data.notiz, contact: parsed.data.kontakt }, actor);
  return { ok: true, action: 'saved' };
}
