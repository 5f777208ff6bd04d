import { decodeUpload } from '@board-bridge/board-protocol';
import { request } from 'undici';
import type { ReceivedRequest } from './http-receiver';

let smsCounter = 0;

/** A distinct SMS (its own board time, so dedup never swallows it; board-protocol §2.3, type 501). */
export function sms(devId: string, text: string, slot = 1): Record<string, unknown> {
  smsCounter += 1;
  return { devId, type: 501, slot, phNum: '10086', smsBd: text, charset: 'utf8', smsTm: 1_700_000_000_000 + smsCounter * 1000 + slot,
    netCh: 0 };
}

/** The board message a forwarded `board` request carries, decoded by the protocol library. */
export function decodeForwarded(req: ReceivedRequest, aes?: Parameters<typeof decodeUpload>[1]): Record<string, unknown> {
  const q = req.url.indexOf('?');
  const decoded = decodeUpload({ method: req.method, query: q >= 0 ? req.url.slice(q + 1) : '',
    contentType: req.headers['content-type'], body: req.body }, aes);
  return decoded.messages[0];
}

/** Config file map for startTestBridge: `forwarding:` (and optional boards) as JSON. */
export function forwardingFile(rules: unknown[], extra: Record<string, unknown> = {}): Record<string, string> {
  return { '/forwarding.json': JSON.stringify({ forwarding: { rules }, ...extra }) };
}

export async function api(base: string, token: string, method: 'GET' | 'POST', path: string, body?: unknown):
  Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await request(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}`,
    ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
  body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.body.text();
  return { status: res.statusCode, json: text ? JSON.parse(text) as Record<string, unknown> : {} };
}
