import type { Viewer } from '../auth/viewer';
import type { DocumentRow } from '../documents/store';
import { TYPE_LABELS } from '../documents/vocabulary';
import { escapeHtml } from '../format';
import { relatedFor, type RelatedDocument } from '../related/read';
import { getTenant } from '../tenants/registry';
import { mentionsOf } from './answers';
import { commentsSectionHtml } from './comments-html';

// A related Beitrag's list item, kept with its row: relatedFor gives the same row object to every
// page that shows it until the database changes.
const itemHtml = new WeakMap<RelatedDocument, string>();

function relatedItemHtml(r: RelatedDocument): string {
  let html = itemHtml.get(r);
  if (html === undefined) {
    html = `<li><a href="/${escapeHtml(r.tenant)}/beitraege/${escapeHtml(r.slug)}">${escapeHtml(r.title)}</a> <span class="meta">(${escapeHtml(TYPE_LABELS[r.type])}, ${escapeHtml(getTenant(r.tenant).shortName)})</span></li>`;
    itemHtml.set(r, html);
  }
  return html;
}

/**
 * "Erwähnt in Fragen" and "Ähnliche Beiträge" of a Beitrag page as HTML: both only what the viewer
 * may read, so the page can be shared by everyone of the viewer's audience. One string rather than
 * Astro markup: on a page rendered anew for every request, Astro's rendering of a list (a template
 * per item, each buffered) cost more than the items.
 */
export function relatedAndMentionsHtml(viewer: Viewer | null, documentId: number): string {
  const mentions = mentionsOf(viewer, documentId);
  const related = relatedFor(viewer, documentId);
  let html = '';
  if (mentions.length > 0) {
    html += '<section class="no-print" aria-labelledby="erwaehnt-titel"><h2 id="erwaehnt-titel">Erwähnt in Fragen</h2><ul>';
    for (const m of mentions) html += `<li>Erwähnt in Frage <a href="/fragen/${m.questionId}">„${escapeHtml(m.title)}“</a></li>`;
    html += '</ul></section>';
  }
  if (related.length > 0) {
    html += '<section class="related no-print" aria-labelledby="aehnlich-titel"><h2 id="aehnlich-titel">Ähnliche Beiträge</h2><ul>';
    for (const r of related) html += relatedItemHtml(r);
    html += '</ul></section>';
  }
  return html;
}

/**
 * Everything the Austausch puts on a Beitrag page — "Erwähnt in Fragen", "Ähnliche Beiträge" and the
 * comments — as one string for one Fragment: each Astro component on a page rendered anew for every
 * request costs its own render steps, more than these sections' HTML.
 */
export function exchangeSectionsHtml(viewer: Viewer | null, doc: DocumentRow, showEdit: boolean): string {
  return relatedAndMentionsHtml(viewer, doc.id) + commentsSectionHtml({ doc, viewer, showEdit });
}
