/**
 * Child process: the HTTP load generator (autocannon 9). For each run it builds the batch's uploads
 * beforehand (untimed), then posts exactly `count` of them over `connections` keep-alive sockets, each
 * request with the next upload, and reports what came back.
 */
import autocannon from 'autocannon';
import { reply, serveParent, wallMs } from '../common/child';
import { buildUploads, type Upload, type UploadKind } from './uploads';

export type GeneratorCommand =
  | { kind: 'prepare'; upload: UploadKind; tag: string; batch: number; count: number; boards: number }
  | { kind: 'run'; url: string; connections: number };

export interface GeneratorResult {
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Wall time of the run, ms. */
  startAt: number;
  endAt: number;
  latencyMs: { p50: number; p99: number; max: number };
}

let uploads: Upload[] = [];

async function run(url: string, connections: number): Promise<void> {
  let next = 0;
  const setupRequest = (req: autocannon.Request): autocannon.Request => {
    const u = uploads[next++ % uploads.length];
    return { ...req, method: 'POST', path: u.path, body: u.body, headers: { 'content-type': u.contentType } };
  };
  const startAt = wallMs();
  const r = await autocannon({ url, connections, pipelining: 1, amount: uploads.length, timeout: 30,
    requests: [{ setupRequest }] });
  const result: GeneratorResult = {
    requests: r.requests.total, ok: r['2xx'], non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts, startAt, endAt: wallMs(),
    latencyMs: { p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max },
  };
  reply({ kind: 'ran', result });
}

serveParent<GeneratorCommand>(async (cmd) => {
  if (cmd.kind === 'prepare') {
    uploads = buildUploads(cmd.upload, cmd.tag, cmd.batch, cmd.count, cmd.boards);
    reply({ kind: 'prepared', count: uploads.length });
  } else if (cmd.kind === 'run') {
    await run(cmd.url, cmd.connections);
  }
});
