import { listTenantStats } from '../../lib/ops/tenant-stats';
import { out, type Command } from '../command';
import { openMigratedDb } from '../database';

export const tenants: Command = {
  name: 'tenants',
  summary: 'List tenants with members, Beiträge by status, overdue reviews, reuse and last activity',
  help: `Usage: npm run cli -- tenants [--json]

Lists every administration from tenants/ with its number of enabled members, its
Beiträge by status (all visibilities), published Beiträge past their review date,
Nachnutzungen it recorded (given) and others recorded of its Beiträge (received),
and the time of its last change.

Options:
  --json      print JSON instead of a table
  -h, --help  show this help`,
  options: { json: { type: 'boolean' } },
  run(flags) {
    openMigratedDb();
    const stats = listTenantStats();
    if (flags['json']) {
      out(JSON.stringify(stats, null, 2));
      return 0;
    }
    const rows = [
      ['slug', 'members', 'published', 'in review', 'drafts', 'archived', 'overdue', 'reuse given', 'reuse received', 'last activity', 'name'],
      ...stats.map((s) =>
        [s.slug, s.members, s.documents.veroeffentlicht, s.documents.in_pruefung, s.documents.entwurf, s.documents.archiviert, s.overdueReviews, s.reusesGiven, s.reusesReceived, s.lastActivity?.slice(0, 16).replace('T', ' ') ?? '-', s.name].map(String),
      ),
    ];
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    for (const r of rows) out(r.map((cell, i) => (i === 0 || i === r.length - 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd());
    return 0;
  },
};
