import type { Viewer } from '../auth/viewer';
import { escapeHtml } from '../format';
import { unreadCount } from '../notifications/inbox';
import { FREQUENCY_LABELS, parseSubject } from '../notifications/subjects';
import { frequencyOf } from '../notifications/subscriptions';

/**
 * The bits of a page shared within an audience that belong to the one person served: their
 * name, their unread count, whether they follow what the page shows. The layout renders each
 * as <span … data-viewer-KIND[="ARG"]>HTML</span> (components/ViewerSlot.astro); the page
 * cache (page-cache.ts) cuts them out when it stores a page and fills them in for every person
 * it serves, with exactly this function. The HTML never contains "</span>".
 */
export const SLOT_KINDS = ['name', 'unread', 'follow'] as const;
export type SlotKind = (typeof SLOT_KINDS)[number];

export const SLOT_CLASS: Record<SlotKind, string> = { name: 'visually-hidden', unread: 'unread-count', follow: 'follow-state' };

export function slotHtml(kind: SlotKind, arg: string | null, viewer: Viewer): string {
  switch (kind) {
    case 'name':
      return ` (${escapeHtml(viewer.name)})`;
    case 'unread': {
      const n = unreadCount(viewer.id);
      return n > 0 ? ` (${n} neu)` : '';
    }
    case 'follow': {
      const subject = arg ?? '';
      const frequency = frequencyOf(viewer.id, subject);
      const on = frequency !== undefined && frequency !== 'aus';
      if (parseSubject(subject)?.kind === 'beitrag') return on ? `Sie beobachten diesen Beitrag (${FREQUENCY_LABELS[frequency]}).` : 'Sie beobachten diesen Beitrag nicht.';
      return on ? `Sie folgen hier (${FREQUENCY_LABELS[frequency]}).` : 'Sie folgen hier nicht.';
    }
  }
}

/** The opening tag the layout writes for a slot (what the page cache looks for). */
export function slotOpening(kind: SlotKind, arg: string | null): string {
  return `<span class="${SLOT_CLASS[kind]}" data-viewer-${kind}${arg === null ? '' : `="${arg}"`}>`;
}

/** Slot arguments are subjects such as beitrag:12 or themenfeld:schule: no quoting needed. */
export const SLOT_ARG = /^[\w:.-]{1,100}$/;
