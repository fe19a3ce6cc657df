import fs from 'node:fs';
import path from 'node:path';
import { searchDir, writeFileAtomic } from './layout';
import type { BuildMode } from './build';

/** One finished build, as Kreis admins see it on /verwaltung/suche. */
export interface BuildStatus {
  mode: BuildMode;
  reason: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  ok: boolean;
  /** Entries written by this build (base and recent). */
  documents: number;
  /** Entries changed since the base. */
  changed: number;
  error: string | null;
}

const HISTORY = 20;

function statusFile(): string {
  return path.join(searchDir(), 'status.json');
}

/** The most recent builds, newest first. */
export function readBuildHistory(): BuildStatus[] {
  try {
    return JSON.parse(fs.readFileSync(statusFile(), 'utf8')) as BuildStatus[];
  } catch {
    return [];
  }
}

export function recordBuild(status: BuildStatus): void {
  fs.mkdirSync(searchDir(), { recursive: true });
  writeFileAtomic(statusFile(), JSON.stringify([status, ...readBuildHistory()].slice(0, HISTORY)));
}
