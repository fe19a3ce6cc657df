import { getConfig } from '../../lib/config';
import { checkIntegrity } from '../../lib/ops/integrity';
import { auditRetentionReport } from '../../lib/audit/retention';
import { out, type Command } from '../command';
import { openExistingDb } from '../database';

export const check: Command = {
  name: 'check',
  summary: 'Check database and files (integrity, foreign keys, checksums)',
  help: `Usage: npm run cli -- check

Runs PRAGMA integrity_check and foreign_key_check, checks the links between
Beiträge and their revisions, that every file the database refers to exists
with the recorded SHA-256, and that no stored file is left without a row.
Also reports the size of the audit log and how many entries are past their
retention (the running server removes those within the hour; not a problem).
Safe while the server runs. Exit code 0 when all is well, 1 otherwise.

Options:
  -h, --help  show this help`,
  options: {},
  run() {
    const report = checkIntegrity(openExistingDb().$client, getConfig().dataDir);
    for (const p of report.problems) out(`problem: ${p}`);
    const audit = auditRetentionReport();
    const { signInMonths, otherMonths } = getConfig().auditRetention;
    out(`audit log: ${audit.entries} entries${audit.oldest ? ` since ${audit.oldest.slice(0, 10)}` : ''}, kept ${signInMonths} months (sign-in) / ${otherMonths} months (other)${audit.expired ? `; ${audit.expired} past retention, removed by the running server within the hour` : ''}`);
    out(report.ok ? `ok (database, ${report.checkedFiles} referenced file(s))` : `FAILED: ${report.problems.length} problem(s)`);
    return report.ok ? 0 : 1;
  },
};
