import fs from 'node:fs';
import path from 'node:path';

// The share of a server's CPU time spent in given parts of a page, from a V8 CPU profile
// (node --cpu-prof) of that server alone. Timing two servers against each other on a shared VM
// moves by more than the budget it should judge (bench:beitrag's A/A runs); a share of the
// samples within one profile does not depend on how fast the machine happened to be.

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** What counts as inside: a named function, or the component created on a line holding this text (`$$Name = createComponent(`). */
export interface Parts {
  functions: string[];
  components: string[];
}

/** The profile the process with this pid wrote into dir (node names the file CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile). */
export function profileOf(dir: string, pid: number): Profile {
  const file = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile') && f.split('.')[3] === String(pid)).map((f) => path.join(dir, f)).sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
  if (!file) throw new Error(`no CPU profile of process ${pid} in ${dir}`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
}

/**
 * Per window (wall-clock ms, Date.now()), the busy CPU time in µs and the part of it with one of
 * `parts` on the stack. `exitedAt` is Date.now() when the process had ended: the profile's end.
 */
export function shares(profile: Profile, windows: { from: number; to: number }[], exitedAt: number, parts: Parts): { busyUs: number; insideUs: number }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const sources = new Map<string, string[]>();
  const lineOf = (url: string, line: number) => {
    if (!url.startsWith('file:')) return '';
    if (!sources.has(url)) sources.set(url, fs.existsSync(new URL(url)) ? fs.readFileSync(new URL(url), 'utf8').split('\n') : []);
    return sources.get(url)![line] ?? '';
  };
  const inside = new Map<number, boolean>();
  const isInside = (id: number): boolean => {
    let known = inside.get(id);
    if (known === undefined) {
      const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
      known = parts.functions.includes(functionName) || (functionName === '' && parts.components.some((c) => lineOf(url, lineNumber).includes(`$$${c} = createComponent(`)));
      inside.set(id, known);
    }
    return known;
  };
  // Profile times are µs on a clock of their own; its end is the moment the process exited.
  const at = (ms: number) => profile.endTime - (exitedAt - ms) * 1000;
  const out = windows.map(() => ({ busyUs: 0, insideUs: 0 }));
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i]!;
    const node = byId.get(profile.samples[i]!)!;
    if (node.callFrame.functionName === '(idle)') continue;
    const w = windows.findIndex((x) => t >= at(x.from) && t <= at(x.to));
    if (w < 0) continue;
    const dt = profile.timeDeltas[i + 1] ?? 0;
    out[w]!.busyUs += dt;
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      if (isInside(id)) {
        out[w]!.insideUs += dt;
        break;
      }
    }
  }
  return out;
}
