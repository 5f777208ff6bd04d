import { request } from 'undici';
import { realisticBoard } from './helpers/board-answers';
import { type BridgeUnderTest, startTestBridge } from './helpers/bridge-harness';
import { FakeBoard, handshaken } from './helpers/fake-board';

const TOKEN = 'test-token-0123456789abcdef';

async function call(t: BridgeUnderTest, method: 'GET' | 'POST', path: string, body?: unknown, token = TOKEN) {
  const res = await request(`http://127.0.0.1:${t.httpPort}${path}`, {
    method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.statusCode, json: (await res.body.json()) as Record<string, unknown> };
}

/** bridge-contract §5: the operator API, with the same command semantics as MQTT. */
describe('HTTP API', () => {
  let t: BridgeUnderTest;
  let board: FakeBoard;
  const id = '498060966601';

  beforeAll(async () => {
    t = await startTestBridge({ API_TOKEN: TOKEN });
    board = await handshaken(new FakeBoard({ devId: id, answer: realisticBoard }), t.tcpPort);
  });

  afterAll(async () => {
    board.destroy();
    await t.close();
  });

  it('refuses a missing or wrong bearer token with 401', async () => {
    expect((await call(t, 'GET', '/api/boards', undefined, 'wrong-token-wrong-token')).status).toBe(401);
    const res = await request(`http://127.0.0.1:${t.httpPort}/api/boards`);
    expect(res.statusCode).toBe(401);
    await res.body.dump();
  });

  it('lists boards with availability and state from the broker', async () => {
    let found: Record<string, unknown> | undefined;
    for (let i = 0; i < 50 && !found?.state; i++) {
      const { json } = await call(t, 'GET', '/api/boards');
      found = (json.boards as Record<string, unknown>[]).find((b) => b.id === id);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(found).toMatchObject({ id, availability: { state: 'online', transport: 'tcp' } });
    expect((await call(t, 'GET', `/api/boards/${id}`)).json).toMatchObject({ id, availability: { state: 'online' } });
    expect((await call(t, 'GET', '/api/boards/000000000000')).status).toBe(404);
  });

  it('POST a command → 202 with its requestId, and the board gets it', async () => {
    const { status, json } = await call(t, 'POST', `/api/boards/${id}/commands/slotrst`, { slot: 2 });
    expect(status).toBe(202);
    expect(json).toMatchObject({ status: 'accepted', cmd: 'slotrst', requestId: expect.any(String) });
    expect(await board.nextFrame((f) => f.cmd === 'slotrst')).toMatchObject({ p1: 2 });
  });

  it('?wait returns the final reply with 200', async () => {
    const { status, json } = await call(t, 'POST', `/api/boards/${id}/commands/sendsms?wait=5`,
      { slot: 1, to: '10086', text: 'cx', requestId: 'api-wait-1' });
    expect(status).toBe(200);
    expect(json).toMatchObject({ requestId: 'api-wait-1', status: 'completed', final: true });
  });

  it('an invalid command → 400 with every issue', async () => {
    const { status, json } = await call(t, 'POST', `/api/boards/${id}/commands/sendsms`, { slot: 7 });
    expect(status).toBe(400);
    expect(json).toMatchObject({ status: 'rejected', reason: 'invalid' });
    expect((json.data as { issues: unknown[] }).issues.length).toBeGreaterThanOrEqual(3);
  });

  it('a bad wait value → 400', async () => {
    expect((await call(t, 'POST', `/api/boards/${id}/commands/stat?wait=soon`, {})).status).toBe(400);
  });
});

describe('HTTP API without API_TOKEN', () => {
  it('does not exist (404)', async () => {
    const t = await startTestBridge();
    try {
      expect((await call(t, 'GET', '/api/boards')).status).toBe(404);
    } finally {
      await t.close();
    }
  });
});
