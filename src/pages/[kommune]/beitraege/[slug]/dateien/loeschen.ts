import type { APIRoute } from 'astro';
import { requireRole } from '../../../../../lib/auth/guards';
import { HttpError, notFound } from '../../../../../lib/http/errors';
import { readForm } from '../../../../../lib/http/form';
import { requireTenantParam } from '../../../../../lib/tenants/route';
import { findOwningDocument } from '../../../../../lib/files/artefacts';
import { keepFile, removeFile, type RemovalTarget } from '../../../../../lib/files/review';
import { writeAudit } from '../../../../../lib/audit/log';

/**
 * Removes a file or one version of a Beitrag (Redakteur:innen of the Kommune): an approved one with
 * the next approval, one never approved at once. "behalten" takes a requested removal back.
 */
export const POST: APIRoute = async ({ params, request, locals, redirect }) => {
  const tenant = requireTenantParam({ params });
  const viewer = requireRole(locals, tenant.slug, 'redakteur');
  const doc = findOwningDocument(tenant.slug, params['slug'] ?? '');
  if (!doc) throw notFound();
  const form = await readForm(request);
  const id = (name: string) => {
    const raw = form.get(name);
    return typeof raw === 'string' && /^\d{1,12}$/.test(raw) ? Number(raw) : null;
  };
  const artefactId = id('artefakt');
  const versionId = id('version');
  const target: RemovalTarget | null = artefactId !== null ? { artefactId } : versionId !== null ? { versionId } : null;
  if (!target) throw new HttpError(400, 'Bitte wählen Sie aus, was gelöscht werden soll.');
  const actor = { viewer, ip: locals.clientIp };
  const audit = (action: string, detail: string) =>
    writeAudit({ action, actor: { id: viewer.id, label: viewer.name }, tenant: tenant.slug, object: `${doc.tenant}/${doc.slug}`, ip: locals.clientIp, detail });
  const base = `/${tenant.slug}/beitraege/${doc.slug}/dateien`;
  if (form.get('aktion') === 'behalten') {
    audit('file.keep', keepFile(actor, doc, target));
    return redirect(`${base}?behalten=1`, 303);
  }
  const removed = removeFile(actor, doc, target);
  audit('file.delete', `${removed.title}${removed.immediate ? '' : ' (mit der nächsten Freigabe)'}`);
  return redirect(`${base}?${removed.immediate ? 'geloescht' : 'entfernen'}=1`, 303);
};
