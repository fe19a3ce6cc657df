import { getConfig } from '../../lib/config';
import { out, type Command } from '../command';
import { openMigratedDb } from '../database';

export const migrate: Command = {
  name: 'migrate',
  summary: 'Apply pending database migrations (also done at every start)',
  help: `Usage: npm run cli -- migrate

Applies the SQL migrations from migrations/ that the database does not have
yet. The server does this itself before it listens; run it by hand after an
upgrade to see a failing migration before starting.

Options:
  -h, --help  show this help`,
  options: {},
  run() {
    openMigratedDb();
    out(`Migrations applied to ${getConfig().dataDir}`);
    return 0;
  },
};
