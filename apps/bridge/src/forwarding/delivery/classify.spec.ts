import { ForwardRefusedError, ForwardUnavailableError } from '../forwarding-errors';
import { classifyAnswer, classifyFailure } from './classify';

describe('classify', () => {
  const now = 0;
  const answer = (status: number, headers = {}, body?: string) => ({ status, headers, body });

  it('2xx is success', () => {
    expect(classifyAnswer('t', answer(200), now)).toBeNull();
    expect(classifyAnswer('t', answer(204), now)).toBeNull();
  });

  it('429 and 5xx are retried, with Retry-After', () => {
    const e = classifyAnswer('t', answer(429, { 'retry-after': '2' }), now);
    expect(e).toBeInstanceOf(ForwardUnavailableError);
    expect(e).toMatchObject({ retryable: true, kind: 'status-429', details: { status: 429, retryAfterMs: 2000 } });
    expect(classifyAnswer('t', answer(503), now)).toMatchObject({ retryable: true, kind: 'status-5xx' });
    expect(classifyAnswer('t', answer(408), now)).toMatchObject({ retryable: true });
  });

  it('other 4xx and 3xx are refused for good', () => {
    const e = classifyAnswer('t', answer(400), now);
    expect(e).toBeInstanceOf(ForwardRefusedError);
    expect(e).toMatchObject({ retryable: false, fault: 'refused', kind: 'status-4xx' });
    expect(e?.message).toBe('receiver answered 400 (target t)');
    expect(classifyAnswer('t', answer(302), now)).toMatchObject({ retryable: false, kind: 'status-3xx' });
  });

  it('bots: a 200 carrying an error code fails', () => {
    expect(classifyAnswer('t', answer(200, {}, '{"errcode":0}'), now, 'dingtalk')).toBeNull();
    expect(classifyAnswer('t', answer(200, {}, '{"errcode":130101}'), now, 'dingtalk'))
      .toMatchObject({ retryable: true, kind: 'bot-rate-limit', details: { retryAfterMs: 60_000 } });
    expect(classifyAnswer('t', answer(200, {}, '{"code":19021}'), now, 'feishu')).toMatchObject({ retryable: false, kind: 'bot-error' });
  });

  it('transport failures are retried; timeouts told apart', () => {
    expect(classifyFailure('t', Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), 100))
      .toMatchObject({ retryable: true, kind: 'network', message: 'cannot reach receiver (ECONNREFUSED) (target t)' });
    expect(classifyFailure('t', Object.assign(new Error('x'), { code: 'UND_ERR_HEADERS_TIMEOUT' }), 100))
      .toMatchObject({ kind: 'timeout', message: 'no answer within 100 ms (target t)' });
    expect(classifyFailure('t', new AggregateError([Object.assign(new Error(), { code: 'ECONNRESET' })]), 1)).toMatchObject({ kind: 'network' });
  });
});
