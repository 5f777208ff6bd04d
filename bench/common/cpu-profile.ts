import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The parts of a V8 `.cpuprofile` (node --cpu-prof) this reads. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTimeEntry {
  /** `function (file:line)` with the repo-relative or package path. */
  name: string;
  /** Where the function lives: a package, a bridge directory, the protocol library, Node's own code, or V8. */
  area: string;
  selfMs: number;
  /** Share of the busy samples (everything but `(idle)`), in %. */
  share: number;
}

export interface ProfileSummary {
  file: string;
  busyMs: number;
  idleMs: number;
  top: SelfTimeEntry[];
  byArea: { area: string; selfMs: number; share: number }[];
}

/** `node_modules/aedes/lib/x.js` → `aedes`; `apps/bridge/src/ingest/x.ts` → `bridge/ingest`; … */
export function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : 'v8/native';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const bridge = /apps\/bridge\/src\/([^/]+)\//.exec(url);
  if (bridge) return `bridge/${bridge[1]}`;
  if (url.includes('libs/board-protocol/')) return 'board-protocol';
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[1] ?? url.slice(5)}`;
  return url.replace(/^file:\/\//, '').split('/').slice(-2).join('/');
}

function shortUrl(url: string): string {
  return url.replace(/^file:\/\//, '').replace(/^.*?(node_modules\/|apps\/|libs\/)/, '$1');
}

/** Self time per function of one profile, largest first. */
export function summariseProfile(file: string, topN = 20): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n.callFrame]));
  const self = new Map<string, { area: string; us: number }>();
  let idleUs = 0;
  let busyUs = 0;
  p.samples.forEach((id, i) => {
    const us = p.timeDeltas[i + 1] ?? 0;
    const f = byId.get(id);
    if (!f || f.functionName === '(idle)') {
      idleUs += us;
      return;
    }
    busyUs += us;
    const name = f.url ? `${f.functionName || '(anonymous)'} (${shortUrl(f.url)}:${f.lineNumber + 1})` : f.functionName;
    const e = self.get(name) ?? { area: areaOf(f.url, f.functionName), us: 0 };
    e.us += us;
    self.set(name, e);
  });
  const share = (us: number) => Math.round((us / busyUs) * 1000) / 10;
  const top = [...self.entries()].sort((a, b) => b[1].us - a[1].us).slice(0, topN)
    .map(([name, e]) => ({ name, area: e.area, selfMs: Math.round(e.us / 1000), share: share(e.us) }));
  const areas = new Map<string, number>();
  for (const e of self.values()) areas.set(e.area, (areas.get(e.area) ?? 0) + e.us);
  const byArea = [...areas.entries()].sort((a, b) => b[1] - a[1]).slice(0, topN)
    .map(([area, us]) => ({ area, selfMs: Math.round(us / 1000), share: share(us) }));
  return { file, busyMs: Math.round(busyUs / 1000), idleMs: Math.round(idleUs / 1000), top, byArea };
}

/** The newest `.cpuprofile` in `dir`, or undefined. */
export function newestProfile(dir: string): string | undefined {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(dir, f));
  return files.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
}

export function formatProfile(s: ProfileSummary, label: string): string {
  const line = (share: number, ms: number, what: string) =>
    `  ${share.toFixed(1).padStart(5)} %  ${String(ms).padStart(6)} ms  ${what}`;
  return [
    `${label}: busy ${s.busyMs} ms, idle ${s.idleMs} ms (${s.file})`,
    '  top self time by function (share of busy time):',
    ...s.top.map((e) => line(e.share, e.selfMs, e.name)),
    '  by area:',
    ...s.byArea.map((a) => line(a.share, a.selfMs, a.area)),
  ].join('\n');
}
