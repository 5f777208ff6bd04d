import { createHmac } from 'node:crypto';

/** Headers of the bridge's own request signature (docs/forwarding.md, "Signature"). */
export const TIMESTAMP_HEADER = 'x-bridge-timestamp';
export const SIGNATURE_HEADER = 'x-bridge-signature';

/**
 * `sha256=` + hex HMAC-SHA256(secret, `<timestamp>.<payload>`), where payload is the body of a POST or
 * the query string of a GET, and timestamp is Unix seconds (also sent in X-Bridge-Timestamp) so a
 * receiver can refuse stale or replayed requests.
 */
export function bridgeSignature(secret: string, timestampSec: number, payload: string | Buffer): string {
  const mac = createHmac('sha256', secret).update(`${timestampSec}.`).update(payload);
  return `sha256=${mac.digest('hex')}`;
}

/** DingTalk custom bot "加签": base64 HMAC-SHA256 keyed by the secret over `<timestamp ms>\n<secret>`. */
export function dingTalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

/** Feishu custom bot "签名校验": base64 HMAC-SHA256 keyed by `<timestamp s>\n<secret>` over nothing. */
export function feishuSign(secret: string, timestampSec: number): string {
  return createHmac('sha256', `${timestampSec}\n${secret}`).update('').digest('base64');
}
