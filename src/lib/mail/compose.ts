import { escapeHtml } from '../format';
import { HUB_NAME } from './settings';

/** A piece of a mail; every text is plain text and escaped for the HTML part. */
export type Block =
  | { p: string }
  | { link: { label: string; url: string } }
  | { quote: string }
  | { items: { title: string; url: string; line?: string }[] };

export interface MailContent {
  greeting: string;
  blocks: Block[];
  /** Why the person gets this mail, completing "Sie erhalten diese Mail, weil …". */
  reason: string;
  origin: string;
  /** One-click unsubscribe link; security mails have none. */
  unsubscribeUrl?: string;
  /** Where the person changes what they get (signed-in page). */
  settingsUrl?: string;
}

function textBlock(b: Block): string {
  if ('p' in b) return b.p;
  if ('link' in b) return `${b.link.label}:\n${b.link.url}`;
  if ('quote' in b) return b.quote.split('\n').map((l) => `> ${l}`).join('\n');
  return b.items.map((i) => `- ${i.title}${i.line ? `\n  ${i.line}` : ''}\n  ${i.url}`).join('\n');
}

function htmlBlock(b: Block): string {
  if ('p' in b) return `<p>${escapeHtml(b.p)}</p>`;
  if ('link' in b) return `<p><a href="${escapeHtml(b.link.url)}">${escapeHtml(b.link.label)}</a></p>`;
  if ('quote' in b) return `<blockquote>${escapeHtml(b.quote).replace(/\n/g, '<br>')}</blockquote>`;
  return `<ul>${b.items.map((i) => `<li><a href="${escapeHtml(i.url)}">${escapeHtml(i.title)}</a>${i.line ? `<br>${escapeHtml(i.line)}` : ''}</li>`).join('')}</ul>`;
}

/** Plain text and a simple HTML part with the same content: hub name, reason and the way out. */
export function composeMail(c: MailContent): { text: string; html: string } {
  const footer = [`${HUB_NAME} · ${c.origin}/`, `Sie erhalten diese Mail, weil ${c.reason}.`];
  if (c.unsubscribeUrl) footer.push(`Abbestellen mit einem Klick: ${c.unsubscribeUrl}`);
  if (c.settingsUrl) footer.push(`Ihre Benachrichtigungen einstellen: ${c.settingsUrl}`);
  const text = [`${c.greeting}`, ...c.blocks.map(textBlock), `-- \n${footer.join('\n')}`].join('\n\n') + '\n';
  const htmlFooter = [
    `<a href="${escapeHtml(c.origin)}/">${escapeHtml(HUB_NAME)}</a>`,
    `Sie erhalten diese Mail, weil ${escapeHtml(c.reason)}.`,
    ...(c.unsubscribeUrl ? [`<a href="${escapeHtml(c.unsubscribeUrl)}">Abbestellen mit einem Klick</a>`] : []),
    ...(c.settingsUrl ? [`<a href="${escapeHtml(c.settingsUrl)}">Ihre Benachrichtigungen einstellen</a>`] : []),
  ];
  const html = [
    '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>' + escapeHtml(HUB_NAME) + '</title></head>',
    '<body style="font-family: sans-serif; line-height: 1.5; max-width: 40em">',
    `<p>${escapeHtml(c.greeting)}</p>`,
    ...c.blocks.map(htmlBlock),
    `<hr><p style="font-size: 0.9em; color: #444">${htmlFooter.join('<br>')}</p>`,
    '</body></html>',
  ].join('\n');
  return { text, html };
}
