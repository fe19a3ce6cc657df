import { isStaff, type Viewer } from '../auth/viewer';
import { escapeHtml, formatDateTime } from '../format';
import { findTenant } from '../tenants/registry';
import { hyphenate, hyphenateHtml } from '../text/hyphenate';
import { canEditOwn } from './permissions';
import type { ExchangeKind } from './vocabulary';

/** What an entry shows of a question text, an answer or a comment. */
export interface EntryItem {
  id: number;
  tenant: string;
  authorId: string | null;
  authorLabel: string;
  createdAt: string;
  editedAt: string | null;
  hiddenAt: string | null;
  hiddenReason: string | null;
  /** Sanitised Markdown. */
  html: string;
}

export interface EntryOptions {
  kind: ExchangeKind;
  item: EntryItem;
  viewer: Viewer | null;
  canModerate: boolean;
  /** Heading of the entry (answers and comments); a question's title is the page's h1. */
  heading?: string | undefined;
  /** Whether the viewer sees the edit link (pages shared by an audience leave it to per-person pages). */
  showEdit?: boolean | undefined;
  /** HTML after the heading's text (a badge such as "Hilfreich"). */
  badge?: string | undefined;
  /** HTML after the text (linked Beiträge, the "helpful" button). */
  extra?: string | undefined;
}

const text = (s: string) => escapeHtml(s);

/**
 * One question text, answer or comment as HTML: who wrote it for which Kommune and when, the
 * text, and what the viewer may do with it (edit within 24 h, report, hide or show again).
 * Built as one string rather than a component per entry: a Beitrag page rendered anew for a
 * signed-in person carries a form or two per comment, and Astro's rendering of a component
 * list cost more than the rest of the comments together. Styles: global.css (.exchange-entry).
 */
export function entryHtml(o: EntryOptions): string {
  const { kind, item, viewer, canModerate, heading, showEdit = true } = o;
  const anchor = `${kind}-${item.id}`;
  const action = `/austausch/${kind}/${item.id}`;
  const kommune = findTenant(item.tenant)?.shortName ?? item.tenant;
  const hidden = item.hiddenAt !== null;
  const out: string[] = [];
  out.push(`<article class="exchange-entry${hidden ? ' is-hidden' : ''}" id="${anchor}"${heading ? ` aria-labelledby="${anchor}-titel"` : ''}>`);
  if (heading) out.push(`<h3 id="${anchor}-titel" class="entry-heading">${text(hyphenate(heading))}${o.badge ?? ''}</h3>`);
  out.push(`<p class="meta">${text(item.authorLabel)} (${text(kommune)}) · <time datetime="${text(item.createdAt)}">${formatDateTime(item.createdAt)}</time>`);
  if (item.editedAt) out.push(` · <a href="${action}">bearbeitet am ${formatDateTime(item.editedAt)}<span class="visually-hidden"> – frühere Fassungen ansehen</span></a>`);
  out.push('</p>');
  if (hidden) {
    out.push(`<p class="notice" role="note"><strong>Ausgeblendet</strong> am ${formatDateTime(item.hiddenAt)}. Grund: ${text(item.hiddenReason ?? '')}. Nur Moderierende sehen diesen Text.</p>`);
  }
  out.push(`<div class="prose">${hyphenateHtml(item.html)}</div>`, o.extra ?? '');
  if (isStaff(viewer)) {
    out.push('<div class="entry-actions">');
    if (showEdit && canEditOwn(viewer, item)) out.push(`<a href="${action}/bearbeiten">Bearbeiten</a>`);
    if (!hidden) {
      out.push(
        `<details><summary>Melden</summary><form method="post" action="${action}"><input type="hidden" name="aktion" value="melden">`,
        `<label for="melden-${anchor}">Was ist an diesem Text nicht in Ordnung?</label><textarea id="melden-${anchor}" name="grund" rows="3" maxlength="1001" required></textarea>`,
        '<div class="actions"><button type="submit" class="secondary">An die Moderation melden</button></div></form></details>',
      );
    }
    if (canModerate && !hidden) {
      out.push(
        `<details><summary>Ausblenden</summary><form method="post" action="${action}"><input type="hidden" name="aktion" value="ausblenden">`,
        `<label for="ausblenden-${anchor}">Grund (wird angezeigt und protokolliert)</label><textarea id="ausblenden-${anchor}" name="grund" rows="3" maxlength="1001" required></textarea>`,
        '<div class="actions"><button type="submit" class="danger">Ausblenden</button></div></form></details>',
      );
    }
    if (canModerate && hidden) {
      out.push(`<form method="post" action="${action}" class="inline-form"><input type="hidden" name="aktion" value="einblenden"><button type="submit" class="secondary">Wieder einblenden</button></form>`);
    }
    out.push('</div>');
  }
  out.push('</article>');
  return out.join('');
}
