import path from 'node:path';
import { getConfig } from '../../lib/config';
import { createBackup } from '../../lib/ops/backup';
import { out, type Command } from '../command';
import { openMigratedDb } from '../database';

export const backup: Command = {
  name: 'backup',
  summary: 'Back up database and uploaded files into one file, while running',
  help: `Usage: npm run cli -- backup [--out <file>]

Writes one tar file holding a consistent snapshot of the database (taken with
VACUUM INTO while the server keeps running), every uploaded file and a
manifest.json with the SHA-256 of each entry. The search index is not backed
up; it is rebuilt from the database. Refuses to overwrite an existing file.

Options:
  --out <file>  where to write (default: wissensnetz-backup-<UTC time>.tar in
                the current folder)
  -h, --help    show this help`,
  options: { out: { type: 'string' } },
  run(flags) {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const file = path.resolve(typeof flags['out'] === 'string' && flags['out'] ? flags['out'] : `wissensnetz-backup-${stamp}.tar`);
    const db = openMigratedDb();
    const manifest = createBackup(db.$client, getConfig().dataDir, file);
    const bytes = manifest.entries.reduce((n, e) => n + e.size, 0);
    out(`Backup written to ${file}: database and ${manifest.entries.length - 1} file(s), ${bytes} bytes.`);
    return 0;
  },
};
