import { listTenantStats } from '../../lib/ops/tenant-stats';
import { out, type Command } from '../command';
import { openMigratedDb } from '../database';

export const tenants: Command = {
  name: 'tenants',
  summary: 'List tenants with members and Beiträge by status',
  help: `Usage: npm run cli -- tenants [--json]

Lists every administration from tenants/ with its number of enabled members and
its Beiträge by status (all visibilities).

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
      ['slug', 'members', 'published', 'in review', 'drafts', 'archived', 'name'],
      ...stats.map((s) => [s.slug, s.members, s.documents.veroeffentlicht, s.documents.in_pruefung, s.documents.entwurf, s.documents.archiviert, s.name].map(String)),
    ];
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    for (const r of rows) out(r.map((cell, i) => (i === 0 || i === r.length - 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd());
    return 0;
  },
};
