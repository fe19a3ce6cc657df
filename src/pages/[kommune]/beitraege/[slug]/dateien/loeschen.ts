import type { APIRoute } from 'astro';
import { requireRole } from '../../../../../lib/auth/guards';
import { HttpError, notFound } from '../../../../../lib/http/errors';
import { readForm } from '../../../../../lib/http/form';
import { requireTenantParam } from '../../../../../lib/tenants/route';
import { deleteArtefact, deleteVersion, findOwningDocument, findVersionOfDocument, getArtefact } from '../../../../../lib/files/artefacts';
import { writeAudit } from '../../../../../lib/audit/log';

const GONE = 'Diese Datei gibt es nicht (mehr).';

/** Deletes one version, or a file with all its versions, of a Beitrag (Redakteur:innen of the Kommune). */
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
  let detail: string;
  if (artefactId !== null) {
    const artefact = getArtefact(doc.id, artefactId);
    if (!artefact) throw new HttpError(404, GONE);
    deleteArtefact(artefact.id);
    detail = `${artefact.title} (alle Versionen)`;
  } else if (versionId !== null) {
    const hit = findVersionOfDocument(doc.id, versionId);
    if (!hit) throw new HttpError(404, GONE);
    deleteVersion(hit.version.id);
    detail = `${hit.title}, Version ${hit.version.version}`;
  } else {
    throw new HttpError(400, 'Bitte wählen Sie aus, was gelöscht werden soll.');
  }
  writeAudit({ action: 'file.delete', actor: { id: viewer.id, label: viewer.name }, tenant: tenant.slug, object: `${doc.tenant}/${doc.slug}`, ip: locals.clientIp, detail });
  return redirect(`/${tenant.slug}/beitraege/${doc.slug}/dateien?geloescht=1`, 303);
};
