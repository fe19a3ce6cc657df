import path from 'node:path';
import { getConfig } from '../config';

/** How mail leaves the hub, read once from the environment (README "Configuration"). */
export interface MailSettings {
  /** SMTP, or .eml files in the data folder when WISSENSNETZ_SMTP_URL is not set. */
  transport: { kind: 'smtp'; url: string; host: string; port: number; implicitTls: boolean } | { kind: 'files'; dir: string };
  /** The From header, e.g. "Wissensnetz Kreis Coesfeld <wissensnetz@kreis-coesfeld.de>". */
  from: { name: string; address: string };
  /** Local hour (Europe/Berlin) at which daily and weekly digests and review reminders go out. */
  digestHour: number;
  /** First retry after a temporary failure; each further one waits twice as long. */
  retryBaseMs: number;
  /** How often the sender looks for mail queued by other processes (the CLI). */
  pollMs: number;
  /** Whether the server runs digests and reminders on its own at digestHour. */
  scheduledJobs: boolean;
}

/** A setting that keeps the server from starting; the message is for operators (English). */
export class MailConfigError extends Error {}

export const HUB_NAME = 'Wissensnetz Kreis Coesfeld';

/** The URL as it may appear in logs: without user name and password. */
export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.username || url.password) {
      url.username = '';
      url.password = '';
      return url.toString().replace('//', '//***@');
    }
    return url.toString();
  } catch {
    return raw.replace(/\/\/[^@/]*@/, '//***@');
  }
}

function parseSmtpUrl(raw: string): MailSettings['transport'] {
  const hint = 'like smtp://user:password@mail.example.de:587 (STARTTLS when the server offers it) or smtps://user:password@mail.example.de:465 (implicit TLS)';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new MailConfigError(`WISSENSNETZ_SMTP_URL must be a URL ${hint}, got "${redactUrl(raw)}".`);
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new MailConfigError(`WISSENSNETZ_SMTP_URL must start with smtp:// or smtps://, got "${redactUrl(raw)}" (${hint}).`);
  }
  if (!url.hostname) throw new MailConfigError(`WISSENSNETZ_SMTP_URL names no host: "${redactUrl(raw)}" (${hint}).`);
  const implicitTls = url.protocol === 'smtps:';
  const port = url.port ? Number(url.port) : implicitTls ? 465 : 587;
  return { kind: 'smtp', url: raw, host: url.hostname, port, implicitTls };
}

const ADDRESS = /^[^\s@<>",;:\\]+@[^\s@<>",;:\\]+$/;

function parseFrom(raw: string | undefined, originHost: string): MailSettings['from'] {
  if (raw === undefined || raw.trim() === '') return { name: HUB_NAME, address: `wissensnetz@${originHost}` };
  const value = raw.trim();
  if (/[\r\n]/.test(value)) throw new MailConfigError('WISSENSNETZ_MAIL_FROM must be one line.');
  const named = /^(.*)<([^<>]+)>$/.exec(value);
  const address = (named ? named[2]! : value).trim();
  const name = named ? named[1]!.trim().replace(/^"(.*)"$/, '$1') : HUB_NAME;
  if (!ADDRESS.test(address)) {
    throw new MailConfigError(`WISSENSNETZ_MAIL_FROM must be an address like wissensnetz@kreis-coesfeld.de or "Wissensnetz <wissensnetz@kreis-coesfeld.de>", got "${value}".`);
  }
  return { name: name || HUB_NAME, address };
}

function parseNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) throw new MailConfigError(`${name} must be a number from ${min} to ${max}, got "${raw}".`);
  return n;
}

export function loadMailSettings(env: NodeJS.ProcessEnv = process.env): MailSettings {
  const config = getConfig();
  const smtp = env['WISSENSNETZ_SMTP_URL'];
  const transport: MailSettings['transport'] = smtp && smtp.trim() !== '' ? parseSmtpUrl(smtp.trim()) : { kind: 'files', dir: path.join(config.dataDir, 'mail') };
  return {
    transport,
    from: parseFrom(env['WISSENSNETZ_MAIL_FROM'], new URL(config.origin).hostname),
    digestHour: Math.floor(parseNumber(env, 'WISSENSNETZ_DIGEST_HOUR', 7, 0, 23)),
    retryBaseMs: parseNumber(env, 'WISSENSNETZ_MAIL_RETRY_BASE_S', 60, 0.1, 86_400) * 1000,
    pollMs: parseNumber(env, 'WISSENSNETZ_MAIL_POLL_MS', 1000, 50, 600_000),
    scheduledJobs: env['WISSENSNETZ_SCHEDULED_JOBS'] !== '0',
  };
}

let cached: MailSettings | undefined;

export function getMailSettings(): MailSettings {
  cached ??= loadMailSettings();
  return cached;
}

export function resetMailSettings(): void {
  cached = undefined;
}

/** One German line for the start-up output: where mails go. */
export function describeMailTransport(settings: MailSettings): string {
  const t = settings.transport;
  if (t.kind === 'files') {
    return `Mails werden nicht versendet, sondern als .eml-Dateien in ${t.dir} abgelegt (WISSENSNETZ_SMTP_URL ist nicht gesetzt).`;
  }
  return `Mails gehen per SMTP an ${t.host}:${t.port} (${t.implicitTls ? 'TLS' : 'STARTTLS, wenn der Server es anbietet'}), Absender ${settings.from.address}.`;
}
