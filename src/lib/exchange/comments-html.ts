import type { Viewer } from '../auth/viewer';
import { documentPath } from '../documents/route';
import type { DocumentRow } from '../documents/store';
import { canModerateComments, canReadComments } from '../documents/visibility';
import { escapeHtml } from '../format';
import { getTenant } from '../tenants/registry';
import { listComments } from './comments';
import { entryHtml } from './entry-html';
import { ownTenants } from './permissions';
import { newFormToken } from './posting';
import { LIMITS, type FieldErrors } from './vocabulary';

export interface CommentsSectionOptions {
  doc: DocumentRow;
  viewer: Viewer | null;
  /** Edit links name the viewer's own comments: only on pages rendered for one person. */
  showEdit: boolean;
  /** What the person typed, after a submit with errors. */
  values?: { kommune: string; kommentar: string; formular: string } | undefined;
  errors?: FieldErrors | undefined;
}

const attr = (s: string) => escapeHtml(s);

/**
 * The comments section of a Beitrag page as HTML: the comments the viewer may read and the form, or
 * for everyone else a neutral hint that says nothing about whether there are any (visibility.ts
 * decides). One string rather than Astro markup, like the entries: on a page rendered anew for
 * every request, Astro's rendering of the form's template cost more than building it here.
 */
export function commentsSectionHtml({ doc, viewer, showEdit, values, errors = {} }: CommentsSectionOptions): string {
  const readable = canReadComments(viewer, doc);
  let html = '<section class="comments no-print" aria-labelledby="kommentare-titel">';
  if (!readable) {
    html += '<h2 id="kommentare-titel">Kommentare</h2><p>Kommentare sehen und schreiben angemeldete Mitarbeiter:innen der Kommunen, die diesen Beitrag lesen dürfen. ';
    if (!viewer) html += `<a href="${attr(`/anmelden?next=${encodeURIComponent(documentPath(doc))}`)}">Anmelden</a>`;
    return html + '</p></section>';
  }
  const comments = listComments(viewer, doc);
  const moderator = canModerateComments(viewer, doc);
  html += `<h2 id="kommentare-titel">Kommentare (${comments.filter((c) => c.hiddenAt === null).length})</h2>`;
  if (comments.length === 0) html += '<p>Noch keine Kommentare.</p>';
  for (const c of comments) html += entryHtml({ kind: 'kommentar', item: c, viewer, canModerate: moderator, heading: `Kommentar aus ${getTenant(c.tenant).shortName}`, showEdit });
  if (doc.status === 'veroeffentlicht') {
    const tenants = ownTenants(viewer);
    const error = errors['kommentar'];
    html += `<form method="post" action="${attr(`${documentPath(doc)}/kommentare`)}" class="comment-form" novalidate>`;
    html += `<input type="hidden" name="formular" value="${attr(values?.formular || newFormToken())}">`;
    if (tenants.length > 1) {
      html += '<div class="field"><label for="feld-kommentar-kommune">Sie schreiben für</label><select id="feld-kommentar-kommune" name="kommune">';
      for (const t of tenants) html += `<option value="${attr(t)}"${values?.kommune === t ? ' selected' : ''}>${escapeHtml(getTenant(t).name)}</option>`;
      html += '</select></div>';
    } else {
      html += `<input type="hidden" name="kommune" value="${attr(tenants[0] ?? '')}">`;
    }
    html += '<div class="field"><label for="feld-kommentar">Ihr Kommentar</label>';
    html += '<p class="hint" id="hinweis-kommentar">Sichtbar für angemeldete Mitarbeiter:innen, die diesen Beitrag lesen dürfen – nie öffentlich. Markdown ist möglich.</p>';
    if (error) html += `<p class="field-error" id="fehler-kommentar">${escapeHtml(error)}</p>`;
    html += `<textarea id="feld-kommentar" name="kommentar" rows="4" maxlength="${LIMITS.comment.max + 1}"${error ? ' aria-invalid="true"' : ''} aria-describedby="${error ? 'hinweis-kommentar fehler-kommentar' : 'hinweis-kommentar'}">`;
    // A newline right after <textarea> is dropped by the parser: one more keeps a typed leading newline.
    html += `${values?.kommentar?.startsWith('\n') ? '\n' : ''}${escapeHtml(values?.kommentar ?? '')}</textarea></div>`;
    html += '<div class="actions"><button type="submit">Kommentar veröffentlichen</button></div></form>';
  }
  return html + '</section>';
}
