import type { APIRoute } from 'astro';
import { getConfig } from '../../../../lib/config';
import { notFound } from '../../../../lib/http/errors';
import { resolveDocumentParam } from '../../../../lib/documents/route';
import { publiccodeForDocument } from '../../../../lib/publiccode/for-document';

/**
 * publiccode.yml of an Artefakt (Code or Spezifikation under an open licence), for openCode.
 * Who may not read the Beitrag, or a Beitrag without one, gets the same 404.
 */
export const GET: APIRoute = (context) => {
  const route = resolveDocumentParam(context);
  if (route.redirect !== undefined) return context.redirect(route.redirect, 301);
  const yaml = publiccodeForDocument(context.locals.viewer, route.doc, getConfig().origin);
  if (yaml === null) throw notFound();
  return new Response(yaml, {
    headers: {
      'Content-Type': 'application/yaml; charset=utf-8',
      'Content-Disposition': 'inline; filename="publiccode.yml"',
      'Cache-Control': context.locals.viewer ? 'private, no-store' : 'public, max-age=300',
    },
  });
};
