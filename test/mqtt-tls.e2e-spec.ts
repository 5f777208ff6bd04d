import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { encodeUpload } from '@board-bridge/board-protocol';
import type { MqttClient } from 'mqtt';
import { Agent, request } from 'undici';
import type { EmbeddedAedesAdapter } from '../apps/bridge/src/mqtt/embedded-aedes.adapter';
import { MQTT_GATEWAY } from '../apps/bridge/src/mqtt/mqtt-gateway';
import { type BridgeUnderTest, startTestBridge } from './helpers/bridge-harness';
import { FakeBoard } from './helpers/fake-board';
import { connectAs, refusalCode, usersYaml } from './helpers/mqtt-users';
import { selfSignedCert, type TestCert } from './helpers/tls-cert';

/**
 * Optional TLS (docs/security-mqtt.md): MQTT over TLS on the embedded broker, and HTTPS for uploads that
 * speaks TLS 1.2 and nothing else, the one version the board has (board-protocol §1.3).
 */
describe('MQTT over TLS and HTTPS uploads', () => {
  const base = `tls${process.pid}`;
  let cert: TestCert;
  let t: BridgeUnderTest;
  let mqttsUrl: string;
  let httpsUrl: string;
  const clients: MqttClient[] = [];
  const agents: Agent[] = [];

  beforeAll(async () => {
    cert = selfSignedCert();
    const yaml = await usersYaml({ dash: { role: 'reader', password: 'reader-pw' } });
    t = await startTestBridge({ MQTT_BASE_TOPIC: base, MQTT_USERS_FILE: '/users.yaml',
      MQTT_TLS_PORT: '0', MQTT_TLS_KEY_FILE: cert.keyFile, MQTT_TLS_CERT_FILE: cert.certFile,
      HTTPS_PORT: '0', HTTPS_KEY_FILE: cert.keyFile, HTTPS_CERT_FILE: cert.certFile }, { '/users.yaml': yaml });
    const tlsPort = (t.bridge.app.get(MQTT_GATEWAY) as EmbeddedAedesAdapter).tlsPort;
    mqttsUrl = `mqtts://127.0.0.1:${tlsPort}`;
    httpsUrl = `https://127.0.0.1:${t.bridge.httpsPort}/upload`;
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.endAsync(true)));
    await Promise.all(agents.map((a) => a.close()));
    await t?.close();
    cert?.remove();
  });

  function agent(tls: ConnectionOptions): Agent {
    const a = new Agent({ connect: { ca: cert.cert, ...tls } });
    agents.push(a);
    return a;
  }

  async function upload(dispatcher: Agent, msg: Record<string, unknown>): Promise<number> {
    const req = encodeUpload(msg, 'post-json');
    const res = await request(httpsUrl, { method: 'POST', dispatcher, body: req.body,
      headers: req.contentType ? { 'content-type': req.contentType } : {} });
    await res.body.text();
    return res.statusCode;
  }

  it('serves MQTT over TLS with the same users: a reader gets a board\'s events', async () => {
    const reader = await connectAs(mqttsUrl, 'dash', 'reader-pw', { ca: cert.cert });
    clients.push(reader);
    const topics: string[] = [];
    reader.on('message', (topic) => topics.push(topic));
    await reader.subscribeAsync(`${base}/+/event/#`, { qos: 1 });
    const board = new FakeBoard({ devId: '498060955501' });
    await board.connect(t.tcpPort);
    board.hello();
    await waitFor(() => topics.includes(`${base}/498060955501/event/online`));
    board.destroy();
    expect(await refusalCode(connectAs(mqttsUrl, 'dash', 'wrong', { ca: cert.cert }))).toBe(4);
  });

  it('refuses MQTT over TLS to a client that does not trust the certificate', async () => {
    await expect(connectAs(mqttsUrl, 'dash', 'reader-pw')).rejects.toThrow(/self[- ]signed/i);
  });

  it('takes uploads over HTTPS with TLS 1.2, and plain HTTP keeps working', async () => {
    const topics: string[] = [];
    const reader = await connectAs(t.mqttUrl, 'dash', 'reader-pw');
    clients.push(reader);
    reader.on('message', (topic) => topics.push(topic));
    await reader.subscribeAsync(`${base}/+/event/#`, { qos: 1 });
    const tls12 = agent({ maxVersion: 'TLSv1.2' });
    expect(await upload(tls12, { devId: 'https-1', type: 998, cnt: 7, netCh: 0 })).toBe(200);
    await waitFor(() => topics.includes(`${base}/https-1/event/ping`));
    const plain = await request(`${t.uploadUrl}`, { method: 'POST', body: JSON.stringify({ devId: 'http-1', type: 998,
      cnt: 1, netCh: 0 }), headers: { 'content-type': 'application/json' } });
    expect(plain.statusCode).toBe(200);
    await plain.body.text();
  });

  it('negotiates TLS 1.2 even with a client that would prefer 1.3', async () => {
    const socket = tlsConnect({ host: '127.0.0.1', port: t.bridge.httpsPort, ca: cert.cert, maxVersion: 'TLSv1.3' });
    await new Promise<void>((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject));
    expect(socket.getProtocol()).toBe('TLSv1.2');
    socket.destroy();
  });

  it('refuses clients that only speak TLS 1.3 (or only 1.1)', async () => {
    const refused = await upload(agent({ minVersion: 'TLSv1.3' }), { devId: 'https-2', type: 998, cnt: 1, netCh: 0 })
      .then(() => undefined, (err: Error & { code?: string }) => `${err.code} ${err.message}`);
    expect(refused).toMatch(/protocol version|PROTOCOL_VERSION/i);
    const old = tlsConnect({ host: '127.0.0.1', port: t.bridge.httpsPort, ca: cert.cert, minVersion: 'TLSv1',
      maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' });
    await expect(new Promise((resolve, reject) => old.once('secureConnect', resolve).once('error', reject)))
      .rejects.toThrow(/protocol|version/i);
    old.destroy();
  });

  it('stops at start with a message naming the setting when a key or certificate cannot be read', async () => {
    await expect(startTestBridge({ HTTPS_PORT: '0', HTTPS_KEY_FILE: '/nonexistent/key.pem',
      HTTPS_CERT_FILE: cert.certFile })).rejects.toThrow(/HTTPS_KEY_FILE \/nonexistent\/key\.pem/);
    await expect(startTestBridge({ MQTT_TLS_PORT: '0', MQTT_TLS_KEY_FILE: cert.keyFile,
      MQTT_TLS_CERT_FILE: '/nonexistent/cert.pem' })).rejects.toThrow(/MQTT_TLS_CERT_FILE \/nonexistent\/cert\.pem/);
  });
});

async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`condition not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
