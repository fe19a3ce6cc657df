import { formatDateTime } from '../format';
import { describeAction } from './describe';
import type { AuditEntry } from './log';

// CSV for the data-protection officer: semicolons and a byte-order mark, as German spreadsheet
// programs expect; a cell that a spreadsheet would run as a formula gets a leading apostrophe.
const HEADER = ['Zeit (UTC)', 'Zeit (deutsche Zeit)', 'Ereignis', 'Code', 'Wer', 'Kommune', 'Objekt', 'IP-Adresse', 'Details', 'Anzahl', 'Zuletzt (UTC)'];

export function csvCell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The entries as CSV text (with BOM); `tenantName` turns a slug into the Kommune's name. */
export function auditCsv(entries: AuditEntry[], tenantName: (slug: string) => string): string {
  const rows = entries.map((e) => [
    e.at,
    formatDateTime(e.at),
    describeAction(e.action),
    e.action,
    e.actorLabel,
    e.tenant ? tenantName(e.tenant) : '',
    e.object,
    e.ip,
    e.detail,
    e.count,
    e.lastAt ?? '',
  ]);
  return '\uFEFF' + [HEADER, ...rows].map((r) => r.map(csvCell).join(';')).join('\r\n') + '\r\n';
}
