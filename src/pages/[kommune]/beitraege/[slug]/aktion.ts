import type { APIRoute } from 'astro';
import { requireRole } from '../../../../lib/auth/guards';
import { HttpError } from '../../../../lib/http/errors';
import { readForm } from '../../../../lib/http/form';
import { documentPath, resolveDocumentParam } from '../../../../lib/documents/route';
import { archiveDocument, restoreDocument, submitRevision } from '../../../../lib/documents/workflow';
import { confirmStand } from '../../../../lib/documents/confirm-stand';

/** Workflow buttons on the Beitrag page: submit for review, archive, restore; "Stand bestätigt" on the Redaktion page. */
export const POST: APIRoute = async (context) => {
  const route = resolveDocumentParam(context);
  if (route.redirect !== undefined) throw new HttpError(409, 'Der Beitrag hat eine neue Adresse. Bitte laden Sie die Seite neu.');
  const { tenant, doc } = route;
  const viewer = requireRole(context.locals, tenant.slug, 'redakteur');
  const actor = { viewer, ip: context.locals.clientIp };
  const form = await readForm(context.request);
  const action = form.get('aktion');
  if (action === 'einreichen') {
    submitRevision(actor, doc, Number(form.get('revision')));
    return context.redirect(`${documentPath(doc)}?eingereicht=1`, 303);
  }
  if (action === 'stand-bestaetigen') {
    const confirmed = confirmStand(actor, doc);
    return context.redirect(`/redaktion?bestaetigt=${encodeURIComponent(`${confirmed.tenant}/${confirmed.slug}`)}#stand-pruefen`, 303);
  }
  if (action === 'archivieren') return context.redirect(documentPath(archiveDocument(actor, doc)), 303);
  if (action === 'wiederherstellen') return context.redirect(documentPath(restoreDocument(actor, doc)), 303);
  throw new HttpError(400, 'Unbekannte Aktion.');
};
