import { renderInvitationMail } from '../auth/invitation-mail';
import { renderResetMail } from '../auth/password-reset';
import type { OutboxRow } from '../mail/outbox';
import type { RenderResult } from '../mail/sender';
import { renderDigestMail, renderNotificationMail, renderReminderMail } from './mails';

/** Every kind of outbox mail and who builds it; a new kind of mail adds a line here. */
const RENDERERS: Record<string, (row: OutboxRow) => RenderResult> = {
  benachrichtigung: renderNotificationMail,
  digest: renderDigestMail,
  erinnerung: renderReminderMail,
  passwort: renderResetMail,
  einladung: renderInvitationMail,
};

/** The renderer the server's mail sender uses. */
export function renderOutboxMail(row: OutboxRow): RenderResult {
  const render = RENDERERS[row.kind];
  return render ? render(row) : { drop: `Unbekannte Art von Mail: ${row.kind}` };
}
