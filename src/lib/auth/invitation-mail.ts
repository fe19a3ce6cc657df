import { eq } from 'drizzle-orm';
import { getConfig } from '../config';
import { IMMEDIATE, getDb } from '../db/client';
import { invitations, users } from '../db/schema';
import { formatDateTime } from '../format';
import { composeMail } from '../mail/compose';
import { queueMail, type OutboxRow } from '../mail/outbox';
import type { RenderResult } from '../mail/sender';
import { findTenant } from '../tenants/registry';
import { createInvitation, type Invitation } from './invitations';
import type { Role } from './viewer';
import { generateToken, hashToken } from './session';
import { ROLE_LABELS } from './viewer';

/**
 * Creates an invitation and queues its mail in one transaction. The returned token is the
 * admin's link (shown once, for people without mail); the mail carries a link of its own.
 */
export function inviteByMail(input: { email: string; tenant: string; role: Role; invitedBy: string | null }): { token: string; invitation: Invitation } {
  return getDb().transaction(() => {
    const created = createInvitation(input);
    queueMail({ kind: 'einladung', address: created.invitation.email, payload: { invitationId: created.invitation.id } });
    return created;
  }, IMMEDIATE);
}

/**
 * Builds the invitation mail when it is sent. Its link carries a token of its own, minted now
 * (stored as SHA-256 next to the one the admin was shown), so no usable token waits in the
 * outbox; either link redeems the invitation once. A transactional mail: no unsubscribe link,
 * since there is no account yet and nothing else is sent to the address.
 */
export function renderInvitationMail(row: OutboxRow, now = Date.now()): RenderResult {
  const id = String((JSON.parse(row.payload) as { invitationId?: unknown }).invitationId ?? '');
  const db = getDb();
  const invitation = db.select().from(invitations).where(eq(invitations.id, id)).get();
  if (!invitation) return { drop: 'Die Einladung gibt es nicht mehr.' };
  if (invitation.usedAt !== null) return { drop: 'Die Einladung wurde schon angenommen.' };
  if (now >= invitation.expiresAt) return { drop: 'Die Einladung ist abgelaufen.' };
  const tenant = findTenant(invitation.tenant);
  if (!tenant) return { drop: 'Die Kommune gibt es nicht mehr.' };
  const inviter = invitation.invitedBy ? db.select({ name: users.name }).from(users).where(eq(users.id, invitation.invitedBy)).get()?.name : undefined;
  const token = generateToken();
  db.update(invitations).set({ mailTokenHash: hashToken(token) }).where(eq(invitations.id, invitation.id)).run();
  const origin = getConfig().origin;
  const body = composeMail({
    greeting: 'Guten Tag,',
    blocks: [
      { p: `${inviter ? `${inviter} hat Sie` : 'Sie wurden'} als ${ROLE_LABELS[invitation.role]} für ${tenant.name} in das Wissensnetz eingeladen. Das Wissensnetz ist die Plattform des Kreises Coesfeld und seiner Kommunen für Erfahrungen, Projekte und Vorlagen.` },
      { link: { label: 'Einladung annehmen', url: `${origin}/einladung/${token}` } },
      { p: `Der Link ist bis ${formatDateTime(invitation.expiresAt)} Uhr gültig und funktioniert nur einmal. Dort legen Sie Ihren Namen und Ihr Passwort fest.` },
      { p: 'Wenn Sie diese Einladung nicht erwartet haben, können Sie die Mail ignorieren.' },
    ],
    reason: `Sie in das Wissensnetz eingeladen wurden (an ${invitation.email})`,
    origin,
  });
  return { mail: { to: { name: '', address: invitation.email }, subject: `Einladung ins Wissensnetz: ${tenant.name}`, ...body } };
}
