import fs from 'node:fs';
import path from 'node:path';

/** Uploaded files live in <dataDir>/files/, under generated names. */
export const FILES_FOLDER = 'files';

/** Paths (relative to the data folder, with forward slashes) of every regular file under files/, upload leftovers in files/tmp excepted. */
export function listStoredFiles(dataDir: string): string[] {
  const root = path.join(dataDir, FILES_FOLDER);
  if (!fs.existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string, rel: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const relPath = `${rel}/${entry.name}`;
      if (entry.isDirectory() && relPath === `${FILES_FOLDER}/tmp`) continue;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), relPath);
      else if (entry.isFile()) out.push(relPath);
    }
  };
  walk(root, FILES_FOLDER);
  return out;
}

/** True for a relative path that stays inside its folder (no "..", no absolute path, no backslash tricks). */
export function isSafeRelativePath(rel: string): boolean {
  if (rel === '' || rel.includes('\\') || rel.includes('\0') || path.posix.isAbsolute(rel)) return false;
  return rel.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}
