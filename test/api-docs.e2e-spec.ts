import { request } from 'undici';
import { parse } from 'yaml';
import { buildOpenApi } from '../apps/bridge/src/contract/openapi';
import type { JsonSchema } from '../apps/bridge/src/contract/json-schema';
import { realisticBoard } from './helpers/board-answers';
import { type BridgeUnderTest, eventually, startTestBridge } from './helpers/bridge-harness';
import { ContractValidator, validateOpenApi } from './helpers/contract-validator';
import { FakeBoard, handshaken } from './helpers/fake-board';

const TOKEN = 'docs-test-token-0123456789';

async function get(t: BridgeUnderTest, path: string, token?: string) {
  const res = await request(`http://127.0.0.1:${t.httpPort}${path}`,
    { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.statusCode, type: String(res.headers['content-type']), text: await res.body.text() };
}

async function post(t: BridgeUnderTest, path: string, body: unknown) {
  const res = await request(`http://127.0.0.1:${t.httpPort}${path}`, { method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.statusCode, json: await res.body.json() };
}

/** bridge-contract §5: the OpenAPI document is served, public, valid, and describes what the endpoints answer. */
describe('GET /api/docs', () => {
  const doc = buildOpenApi();
  const openapi = new ContractValidator('2020', (doc.components as { schemas: Record<string, JsonSchema> }).schemas);
  let t: BridgeUnderTest;

  beforeAll(async () => {
    t = await startTestBridge({ API_TOKEN: TOKEN });
  });

  afterAll(async () => {
    await t.close();
  });

  it('serves the generated document as JSON without authentication, and it is valid OpenAPI 3.1', async () => {
    const res = await get(t, '/api/docs');
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^application\/json/);
    const served = JSON.parse(res.text);
    expect(served).toEqual(doc);
    expect(await validateOpenApi(served)).toEqual({ valid: true });
    expect((await get(t, '/api/boards')).status).toBe(401);
  });

  it('serves the same document as YAML at /api/docs.yaml', async () => {
    const res = await get(t, '/api/docs.yaml');
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^application\/yaml/);
    expect(parse(res.text)).toEqual(doc);
  });

  it('is served when the operator API is off too (no API_TOKEN)', async () => {
    const off = await startTestBridge();
    try {
      expect((await get(off, '/api/docs')).status).toBe(200);
      expect((await get(off, '/api/boards')).status).toBe(404);
    } finally {
      await off.close();
    }
  });

  it('health, readiness and metrics answer as documented', async () => {
    expect(JSON.parse((await get(t, '/healthz')).text)).toEqual({ status: 'ok' });
    const ready = await get(t, '/readyz');
    expect(openapi.errors('Readiness', JSON.parse(ready.text))).toEqual([]);
    const metrics = await get(t, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.type).toMatch(/^text\/plain/);
  });

  it('the operator API answers as documented: board list, one board, command 202/200/400, 401', async () => {
    const board = await handshaken(new FakeBoard({ devId: '498060988001', answer: realisticBoard }), t.tcpPort);
    let one: Record<string, unknown> = {};
    await eventually(async () => {
      one = JSON.parse((await get(t, `/api/boards/${board.devId}`, TOKEN)).text);
      return one.state !== undefined && one.availability !== undefined;
    }, 5000, 'board state via the API');
    expect(openapi.errors('BoardSnapshot', one)).toEqual([]);
    expect(openapi.errors('BoardList', JSON.parse((await get(t, '/api/boards', TOKEN)).text))).toEqual([]);
    expect(openapi.errors('HttpError', JSON.parse((await get(t, '/api/boards', 'wrong-token-wrong')).text))).toEqual([]);
    const accepted = await post(t, `/api/boards/${board.devId}/commands/slotrst`, { slot: 1 });
    expect(accepted.status).toBe(202);
    expect(openapi.errors('CommandAccepted', accepted.json)).toEqual([]);
    const done = await post(t, `/api/boards/${board.devId}/commands/sendsms?wait=5`, { slot: 1, to: '10086', text: 'cx' });
    expect(done.status).toBe(200);
    expect(openapi.errors('CommandReply', done.json)).toEqual([]);
    const rejected = await post(t, `/api/boards/${board.devId}/commands/sendsms`, { slot: 3 });
    expect(rejected.status).toBe(400);
    expect(openapi.errors('HttpCommandRejection', rejected.json)).toEqual([]);
    expect(openapi.isValid('CommandSendsms', { slot: 3 })).toBe(false);
    board.destroy();
  });
});
