import { createHmac } from 'node:crypto';
import { bridgeSignature, dingTalkSign, feishuSign } from './signing';

describe('signing', () => {
  it('signs timestamp and payload with the rule secret', () => {
    const expected = createHmac('sha256', 'k'.repeat(16)).update('1700000000.{"a":1}').digest('hex');
    expect(bridgeSignature('k'.repeat(16), 1700000000, '{"a":1}')).toBe(`sha256=${expected}`);
    expect(bridgeSignature('k'.repeat(16), 1700000001, '{"a":1}')).not.toBe(`sha256=${expected}`);
  });

  it('DingTalk: HMAC keyed by the secret over timestamp\\nsecret, base64', () => {
    // printf '1577262236757\nSECabc' | openssl dgst -sha256 -hmac SECabc -binary | base64
    expect(dingTalkSign('SECabc', 1577262236757)).toBe('I5TKCOTTj6fad4sJ4q9RsIffw0PAChVQZQGTdtRbNEQ=');
  });

  it('Feishu: HMAC keyed by timestamp\\nsecret over an empty message, base64', () => {
    // printf '' | openssl dgst -sha256 -hmac $'1599360473\ns3cr3t' -binary | base64
    expect(feishuSign('s3cr3t', 1599360473)).toBe('FWybWOj9zQpX2vSqsqPBAll39NxHPOckCTILwEDNjzM=');
  });
});
