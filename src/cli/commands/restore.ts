import path from 'node:path';
import { getConfig } from '../../lib/config';
import { databasePath, openDatabase } from '../../lib/db/client';
import { checkIntegrity } from '../../lib/ops/integrity';
import { restoreBackup } from '../../lib/ops/restore';
import { out, requireFlag, type Command } from '../command';

export const restore: Command = {
  name: 'restore',
  summary: 'Restore a backup into an empty data folder',
  help: `Usage: npm run cli -- restore --from <backup.tar> [--data-dir <folder>]

Unpacks a backup made by "backup" into an empty (or not yet existing) data
folder, checks every entry against the manifest's SHA-256 and then runs the
integrity check. Refuses a folder that has anything in it: stop the server,
move the old folder aside, restore, then start the server on the new folder.

Options:
  --from <file>        the backup file (required)
  --data-dir <folder>  where to restore (default: WISSENSNETZ_DATA_DIR)
  -h, --help           show this help`,
  options: { from: { type: 'string' }, 'data-dir': { type: 'string' } },
  run(flags) {
    const from = path.resolve(requireFlag(flags, 'from'));
    const dataDir = path.resolve(typeof flags['data-dir'] === 'string' && flags['data-dir'] ? flags['data-dir'] : getConfig().dataDir);
    const manifest = restoreBackup(from, dataDir);
    out(`Restored ${manifest.entries.length} entries from the backup of ${manifest.createdAt} into ${dataDir}.`);
    const db = openDatabase(databasePath(dataDir));
    try {
      const report = checkIntegrity(db.$client, dataDir);
      for (const p of report.problems) out(`problem: ${p}`);
      out(report.ok ? 'Integrity check: ok.' : 'Integrity check FAILED.');
      return report.ok ? 0 : 1;
    } finally {
      db.$client.close();
    }
  },
};
