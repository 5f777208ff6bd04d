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
  /** `amount` requests, cycling through the prepared uploads (more than them only for the bare route). */
  | { kind: 'run'; url: string; connections: number; amount: number };

export interface GeneratorResult {
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Wall time (ms) of the run's start and of its last answer. */
  startAt: number;
  endAt: number;
  latencyMs: { p50: number; p99: number; max: number };
}

let uploads: Upload[] = [];

/**
 * Rate = 2xx answers / (start → the last answer), timed here: autocannon ends a run with `amount` only on
 * its next sampling tick, so its own duration is rounded up (to whole seconds by default).
 */
async function run(url: string, connections: number, amount: number): Promise<void> {
  let next = 0;
  let ok = 0;
  let lastAt = 0;
  const setupRequest = (req: autocannon.Request): autocannon.Request => {
    const u = uploads[next++ % uploads.length];
    return { ...req, method: 'POST', path: u.path, body: u.body, headers: { 'content-type': u.contentType } };
  };
  const onResponse = (status: number): void => {
    lastAt = wallMs();
    if (status >= 200 && status < 300) ok += 1;
  };
  const startAt = wallMs();
  const r = await autocannon({ url, connections, pipelining: 1, amount, timeout: 30, sampleInt: 100,
    requests: [{ setupRequest, onResponse }] });
  const result: GeneratorResult = {
    requests: r.requests.total, ok, non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts, startAt, endAt: lastAt || wallMs(),
    latencyMs: { p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max },
  };
  reply({ kind: 'ran', result });
}

serveParent<GeneratorCommand>(async (cmd) => {
  if (cmd.kind === 'prepare') {
    uploads = buildUploads(cmd.upload, cmd.tag, cmd.batch, cmd.count, cmd.boards);
    reply({ kind: 'prepared', count: uploads.length });
  } else if (cmd.kind === 'run') {
    await run(cmd.url, cmd.connections, cmd.amount);
  }
});
