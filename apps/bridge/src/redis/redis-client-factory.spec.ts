import { failFastOptions, reconnectDelay } from './redis-client-factory';

describe('reconnectDelay', () => {
  it('doubles from 100 ms and stops growing at 2 s, forever', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(reconnectDelay)).toEqual([100, 200, 400, 800, 1600, 2000, 2000]);
    expect(reconnectDelay(10_000)).toBe(2000);
  });
});

describe('failFastOptions', () => {
  it('makes commands fail at once while Redis is away and never resends them', () => {
    const o = failFastOptions({});
    expect(o).toMatchObject({ enableOfflineQueue: false, maxRetriesPerRequest: 0, autoResendUnfulfilledCommands: false });
    expect(o.retryStrategy?.(50)).toBe(2000);
  });

  it('passes timeouts and the connection name through', () => {
    expect(failFastOptions({ commandTimeoutMs: 700, connectTimeoutMs: 900, connectionName: 'bb' }))
      .toMatchObject({ commandTimeout: 700, connectTimeout: 900, connectionName: 'bb' });
  });
});
