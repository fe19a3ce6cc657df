import path from 'node:path';
import { getConfig } from '../../lib/config';
import { exportTenant } from '../../lib/ops/export-tenant';
import { out, requireFlag, type Command } from '../command';
import { openMigratedDb } from '../database';

export const exportCommand: Command = {
  name: 'export',
  summary: "Export one Kommune's Beiträge and files as a ZIP",
  help: `Usage: npm run cli -- export --tenant <slug> [--out <file.zip>]

Writes a ZIP with one Markdown file per Beitrag of the tenant (<slug>.md, YAML
front matter in the format of content/, every status, the published revision
or else the latest one) and the Beitrag's files under <slug>/.

Options:
  --tenant <slug>   the Kommune, e.g. duelmen (required)
  --out <file.zip>  where to write (default: wissensnetz-<slug>-<date>.zip)
  -h, --help        show this help`,
  options: { tenant: { type: 'string' }, out: { type: 'string' } },
  run(flags) {
    const tenant = requireFlag(flags, 'tenant');
    const file = path.resolve(typeof flags['out'] === 'string' && flags['out'] ? flags['out'] : `wissensnetz-${tenant}-${new Date().toISOString().slice(0, 10)}.zip`);
    openMigratedDb();
    const result = exportTenant(tenant, getConfig().dataDir, file);
    out(`Exported ${result.documents} Beiträge and ${result.files} file(s) of ${tenant} to ${file}.`);
    return 0;
  },
};
