import fs from 'node:fs';
import path from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { MailSettings } from './settings';

/** A mail ready to hand over: built by the renderer of its kind, headers added by the outbox. */
export interface OutgoingMail {
  messageId: string;
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  /** One-click unsubscribe (RFC 8058); absent for security mails. */
  unsubscribeUrl?: string;
}

export interface Delivery {
  /** The server's answer, e.g. "250 2.0.0 Ok: queued as …", or the file written. */
  response: string;
}

/** How a failed hand-over is treated: permanent failures are not retried. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    /** 5xx answer to this mail: the server refuses it for good. */
    readonly permanent: boolean,
    /** No mail can go out now (connection refused, timeout, TLS, authentication): pause the whole queue. */
    readonly transportDown: boolean,
  ) {
    super(message);
  }
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<Delivery>;
  close(): void;
}

/** Strips what must never reach a header line (CR, LF and other controls); nodemailer encodes the rest. */
export function headerText(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
}

function message(settings: MailSettings, mail: OutgoingMail): SendMailOptions {
  const headers: Record<string, string> = {
    // RFC 3834: no vacation replies or loops; Exchange reads the second.
    'Auto-Submitted': 'auto-generated',
    'X-Auto-Response-Suppress': 'All',
  };
  if (mail.unsubscribeUrl) headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  return {
    from: { name: headerText(settings.from.name), address: settings.from.address },
    to: { name: headerText(mail.to.name), address: mail.to.address },
    subject: headerText(mail.subject),
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    headers,
    ...(mail.unsubscribeUrl ? { list: { unsubscribe: mail.unsubscribeUrl } } : {}),
    // One recipient per mail: the envelope never carries more than the To header shows.
    envelope: { from: settings.from.address, to: [mail.to.address] },
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

interface SmtpError {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  message: string;
}

function classify(err: SmtpError): DeliveryError {
  const code = err.responseCode;
  const text = (err.response ?? err.message).replace(/\s+/g, ' ').slice(0, 500);
  if (code !== undefined && code >= 500 && code < 600) {
    // A refused sender or failed authentication concerns every mail, not this one.
    const everyMail = err.command === 'AUTH PLAIN' || err.command === 'AUTH LOGIN' || err.code === 'EAUTH' || err.command === 'MAIL FROM';
    return new DeliveryError(text, !everyMail, everyMail);
  }
  if (code !== undefined && code >= 400 && code < 500) return new DeliveryError(text, false, false);
  return new DeliveryError(`${err.code ?? 'error'}: ${text}`, false, true);
}

function smtpTransport(settings: MailSettings & { transport: { kind: 'smtp' } }): MailTransport {
  const transporter = nodemailer.createTransport({
    url: settings.transport.url,
    pool: true,
    maxConnections: 3,
    maxMessages: 500,
    // The outbox retries; a silent resend inside the pool would be a duplicate nobody sees.
    maxRequeues: 0,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  return {
    async send(mail) {
      try {
        const info = await transporter.sendMail(message(settings, mail));
        return { response: String(info.response ?? '') };
      } catch (err) {
        throw classify(err as SmtpError);
      }
    },
    close() {
      transporter.close();
    },
  };
}

/** Without SMTP: each mail becomes <data>/mail/<outbox id>-….eml; a resend overwrites the same file. */
function fileTransport(settings: MailSettings & { transport: { kind: 'files' } }): MailTransport {
  const dir = settings.transport.dir;
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    async send(mail) {
      try {
        const info = await transporter.sendMail(message(settings, mail));
        fs.mkdirSync(dir, { recursive: true });
        const name = emlFileName(mail.messageId);
        const target = path.join(dir, name);
        const tmp = `${target}.tmp`;
        fs.writeFileSync(tmp, info.message as Buffer);
        fs.renameSync(tmp, target);
        return { response: `written to ${target}` };
      } catch (err) {
        throw new DeliveryError(`cannot write the mail file: ${(err as Error).message}`, false, true);
      }
    },
    close() {},
  };
}

/** The file name of a mail in the data folder: its Message-ID's local part, which begins with the time it was queued. */
export function emlFileName(messageId: string): string {
  return `${messageId.replace(/^<|@.*$/g, '').replace(/[^\w.-]/g, '_')}.eml`;
}

export function createTransport(settings: MailSettings): MailTransport {
  return settings.transport.kind === 'smtp'
    ? smtpTransport(settings as MailSettings & { transport: { kind: 'smtp' } })
    : fileTransport(settings as MailSettings & { transport: { kind: 'files' } });
}
