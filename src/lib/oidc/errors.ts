import * as client from 'openid-client';
import { ProviderUnavailable } from './discovery';

/** Why a sign-in through a provider was refused: German for the person, English for the log. */
export interface FlowRefusal {
  message: string;
  reason: string;
}

const AGAIN = 'Bitte starten Sie die Anmeldung erneut.';

/** The errors of a chain: openid-client wraps the check that failed (oauth4webapi's) as `cause`. */
function chain(err: unknown): unknown[] {
  const out: unknown[] = [];
  for (let e = err; e && typeof e === 'object' && out.length < 4; e = (e as { cause?: unknown }).cause) out.push(e);
  return out;
}

/** The claim whose check failed (iss, aud, nonce, ...), when the library names one. */
function claimOf(err: unknown): string | undefined {
  const named = chain(err).find((e) => 'claim' in (e as object));
  return named ? String((named as { claim: unknown }).claim) : undefined;
}

/** Turns whatever openid-client threw into a refusal; never reveals more than the person needs. */
export function describeFlowError(err: unknown, label: string): FlowRefusal {
  // Every message of the chain, for the operator's log and to tell the checks apart.
  const reason = chain(err).map((e) => (e instanceof Error ? e.message : '')).filter(Boolean).join(': ') || String(err);
  if (err instanceof ProviderUnavailable) {
    return { reason, message: `Der Anmeldedienst „${label}“ ist gerade nicht erreichbar. Bitte versuchen Sie es später erneut oder melden Sie sich mit E-Mail-Adresse und Passwort an.` };
  }
  if (err instanceof client.AuthorizationResponseError) {
    return err.error === 'access_denied'
      ? { reason: `authorization response: ${err.error}`, message: `Die Anmeldung bei „${label}“ wurde abgebrochen oder abgelehnt.` }
      : { reason: `authorization response: ${err.error}`, message: `Der Anmeldedienst „${label}“ hat die Anmeldung abgelehnt. ${AGAIN}` };
  }
  if (err instanceof client.ResponseBodyError) {
    return err.error === 'invalid_grant'
      ? { reason: `token endpoint: ${err.error}`, message: `Der Anmeldecode ist ungültig, abgelaufen oder wurde bereits verwendet. ${AGAIN}` }
      : { reason: `token endpoint: ${err.error}`, message: `Der Anmeldedienst „${label}“ hat die Anmeldung abgelehnt. ${AGAIN}` };
  }
  const code = (err as { code?: unknown })?.code;
  if (code === 'OAUTH_INVALID_RESPONSE' && /"state"/.test(reason)) {
    return { reason, message: `Die Antwort des Anmeldedienstes gehört nicht zu Ihrer Anmeldung (der Sicherheitswert „state“ fehlt oder stimmt nicht). ${AGAIN}` };
  }
  if (code === 'OAUTH_INVALID_RESPONSE' && /"iss"/.test(reason)) {
    return { reason, message: `Die Antwort stammt nicht von dem Anmeldedienst, bei dem die Anmeldung begonnen wurde. ${AGAIN}` };
  }
  if (code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED') {
    const claim = claimOf(err);
    const what =
      claim === 'iss' ? 'wurde von einem anderen Aussteller ausgestellt'
      : claim === 'aud' || claim === 'azp' ? 'wurde für eine andere Anwendung ausgestellt'
      : claim === 'nonce' ? 'gehört nicht zu dieser Anmeldung (der Sicherheitswert „nonce“ stimmt nicht)'
      : 'enthält ungültige Angaben';
    return { reason, message: `Die Anmeldebestätigung des Anmeldedienstes ${what}. Die Anmeldung wurde abgewiesen. ${AGAIN}` };
  }
  if (code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED') {
    return { reason, message: `Die Anmeldebestätigung des Anmeldedienstes ist abgelaufen oder noch nicht gültig. Die Anmeldung wurde abgewiesen. ${AGAIN}` };
  }
  if (code === 'OAUTH_KEY_SELECTION_FAILED' || /signature/i.test(reason)) {
    return { reason, message: `Die Unterschrift der Anmeldebestätigung ist ungültig. Die Anmeldung wurde abgewiesen. ${AGAIN}` };
  }
  if (err instanceof TypeError || /fetch failed|timed? ?out|abort/i.test(reason)) {
    return { reason, message: `Der Anmeldedienst „${label}“ antwortet nicht. Bitte versuchen Sie es später erneut oder melden Sie sich mit E-Mail-Adresse und Passwort an.` };
  }
  return { reason, message: `Die Anmeldung über „${label}“ konnte nicht abgeschlossen werden. ${AGAIN}` };
}
