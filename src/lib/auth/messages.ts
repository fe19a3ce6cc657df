import { formatDateTime } from '../format';
import type { Throttled } from './sign-in';

const waitText = (seconds: number) => (seconds < 90 ? `${seconds} ${seconds === 1 ? 'Sekunde' : 'Sekunden'}` : `${Math.ceil(seconds / 60)} Minuten`);

/** Seconds until a throttled attempt may be made again (for Retry-After). */
export function retryAfterSeconds(result: Throttled, now = Date.now()): number {
  return Math.max(1, Math.ceil((result.until - now) / 1000));
}

/** The German message for an attempt that was not checked because of the throttle. */
export function throttledMessage(result: Throttled, now = Date.now()): string {
  return result.kind === 'ip'
    ? `Von Ihrer Netzwerkadresse gab es zu viele fehlgeschlagene Anmeldeversuche. Die Anmeldung von dort ist bis ${formatDateTime(result.until)} Uhr gesperrt. Bitte versuchen Sie es danach erneut.`
    : `Für diese E-Mail-Adresse gab es mehrere fehlgeschlagene Anmeldeversuche. Bitte warten Sie ${waitText(retryAfterSeconds(result, now))} und melden Sie sich dann erneut an.`;
}

export const DISABLED_MESSAGE = 'Ihr Konto ist deaktiviert. Bitte wenden Sie sich an die Administration Ihrer Kommune.';
