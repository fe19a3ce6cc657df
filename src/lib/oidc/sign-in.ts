import { writeAudit } from '../audit/log';
import { writeAuditSummary } from '../audit/summary';
import { createSession, type Session } from '../auth/session';
import { ROLE_LABELS } from '../auth/viewer';
import type { UserRow } from '../auth/users';
import type { SsoOutcome } from './accounts';
import type { ProviderSettings } from './settings';

/** Counts a refused sign-in through a provider into the audit log's hourly summary. */
export function auditRefusedSso(settings: Pick<ProviderSettings, 'tenant'>, ip: string, reason: string): void {
  writeAuditSummary({ action: 'anmeldung.sso-abgewiesen', ip, object: `${settings.tenant}: ${reason}`.slice(0, 300), by: 'ip+object' });
}

/**
 * Opens the session for a person the provider vouched for and writes the audit entries: the
 * sign-in, an account made just now, a role changed by the claim mapping.
 */
export function openSsoSession(settings: ProviderSettings, outcome: Extract<SsoOutcome, { kind: 'signed-in' }>, ip: string, userAgent: string): { token: string; session: Session } {
  const { user } = outcome;
  const actor = { id: user.id, label: user.email };
  if (outcome.created) writeAudit({ action: 'konto.sso-angelegt', actor, tenant: settings.tenant, object: user.email, ip, detail: settings.issuer });
  if (outcome.roleChange) auditMappedRole(settings, user, outcome.roleChange.to, ip);
  if (outcome.roleKept) writeAudit({ action: 'rolle.sso-beibehalten', actor, tenant: settings.tenant, object: user.email, ip, detail: 'letzte aktive Kreis-Admin' });
  writeAudit({ action: 'anmeldung.sso', actor, tenant: settings.tenant, object: user.email, ip, detail: settings.issuer });
  return createSession(user.id, userAgent, Date.now(), { method: 'sso', tenant: settings.tenant });
}

export function auditMappedRole(settings: ProviderSettings, user: Pick<UserRow, 'id' | 'email'>, role: keyof typeof ROLE_LABELS, ip: string): void {
  writeAudit({ action: 'rolle.sso-zugeordnet', actor: { id: user.id, label: user.email }, tenant: settings.tenant, object: user.email, ip, detail: `neue Rolle ${role} (Anspruch „${settings.rollen?.claim ?? ''}“)` });
}
