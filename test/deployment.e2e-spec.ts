import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { BridgeProcess } from './helpers/bridge-process';
import { realisticBoard } from './helpers/board-answers';
import { CommandClient } from './helpers/command-client';
import { FakeBoard, handshaken } from './helpers/fake-board';
import { MqttProbe } from './helpers/mqtt-probe';
import { freePort, startRedis, waitForPort } from './setup/services';

const ROOT = join(__dirname, '..');
const DOCKER = join(ROOT, 'docker');
const HAPROXY = ['/usr/sbin/haproxy', '/usr/bin/haproxy'].find((p) => existsSync(p)) ?? 'haproxy';
const MOSQUITTO = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto'].find((p) => existsSync(p)) ?? 'mosquitto';

interface ComposeService { image?: string; build?: { target?: string }; volumes?: string[];
  environment?: Record<string, string>; command?: string[] }
// Compose applies YAML merge keys (`<<`); the yaml library does so only when asked.
const compose = parse(readFileSync(join(DOCKER, 'compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
const haproxyCfg = readFileSync(join(DOCKER, 'haproxy', 'haproxy.cfg'), 'utf8');

/** No Docker engine here: the container files are checked, and the same topology runs natively. */
describe('docker/: compose file, HAProxy and Mosquitto configs', () => {
  it('has every service of the scaled setup, and every mounted file exists', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['bridge1', 'bridge2', 'haproxy', 'mosquitto', 'redis', 'simulator']);
    for (const svc of Object.values(compose.services)) {
      for (const volume of svc.volumes ?? []) expect(existsSync(join(DOCKER, volume.split(':')[0]))).toBe(true);
    }
    expect(compose.services.bridge2.environment).toMatchObject({ REDIS_URL: 'redis://redis:6379', BRIDGE_INSTANCE_ID: 'bridge2' });
  });

  it('gives HAProxy every variable its config uses, and the config is valid (haproxy -c)', () => {
    const used = [...haproxyCfg.matchAll(/\$\{([A-Z0-9_]+)\}/g)].map((m) => m[1]);
    const env = compose.services.haproxy.environment ?? {};
    expect(used.filter((v) => !(v in env))).toEqual([]);
    const check = spawnSync(HAPROXY, ['-c', '-f', join(DOCKER, 'haproxy', 'haproxy.cfg')], { env: { ...env }, encoding: 'utf8' });
    expect(check.status).toBe(0);
  });

  it('builds a non-root runtime image with a health check that runs the built entry point', () => {
    const dockerfile = readFileSync(join(DOCKER, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM node:22-[a-z-]+ AS runtime$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/^HEALTHCHECK /m);
    const start = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start;
    const entry = /node (\S+)$/.exec(start)?.[1];
    expect(dockerfile).toContain(`"node", "${entry}"`);
  });
});

describe('the same topology natively: Redis, Mosquitto, two bridges, HAProxy, one board', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bb-deploy-'));
  const procs: ChildProcess[] = [];
  const bridges: BridgeProcess[] = [];
  let ports: { tcp: number; http: number; mqtt: number };
  let probe: MqttProbe;

  beforeAll(async () => {
    ports = { tcp: await freePort(), http: await freePort(), mqtt: await freePort() };
    const redisPort = await freePort();
    procs.push(startRedis(redisPort, dir));
    const conf = join(dir, 'mosquitto.conf');
    writeFileSync(conf, readFileSync(join(DOCKER, 'mosquitto', 'mosquitto.conf'), 'utf8')
      .replace(/^listener 1883$/m, `listener ${ports.mqtt} 127.0.0.1`));
    procs.push(spawn(MOSQUITTO, ['-c', conf], { stdio: 'ignore' }));
    await Promise.all([waitForPort(redisPort), waitForPort(ports.mqtt)]);
    const env = { REDIS_URL: `redis://127.0.0.1:${redisPort}`, MQTT_URL: `mqtt://127.0.0.1:${ports.mqtt}` };
    bridges.push(await BridgeProcess.start({ instanceId: 'bridge1', env }), await BridgeProcess.start({ instanceId: 'bridge2', env }));
    const [b1, b2] = bridges;
    procs.push(spawn(HAPROXY, ['-f', join(DOCKER, 'haproxy', 'haproxy.cfg')], { stdio: 'ignore', env: {
      BOARD_TCP_BIND: `127.0.0.1:${ports.tcp}`, BOARD_HTTP_BIND: `127.0.0.1:${ports.http}`,
      BRIDGE1_TCP: `127.0.0.1:${b1.tcpPort}`, BRIDGE2_TCP: `127.0.0.1:${b2.tcpPort}`,
      BRIDGE1_HTTP: `127.0.0.1:${b1.httpPort}`, BRIDGE2_HTTP: `127.0.0.1:${b2.httpPort}` } }));
    await Promise.all([waitForPort(ports.tcp), waitForPort(ports.http)]);
    probe = await MqttProbe.connect(`mqtt://127.0.0.1:${ports.mqtt}`, ['boards/#']);
  }, 60_000);

  afterAll(async () => {
    await probe?.close();
    await Promise.all(bridges.map((b) => b.kill()));
    procs.forEach((p) => p.kill('SIGKILL'));
  });

  it('a board reaches the bridges through HAProxy over TCP and HTTP, and gets a command', async () => {
    const board = await handshaken(new FakeBoard({ devId: '498060911101', answer: realisticBoard }), ports.tcp);
    await probe.until('boards/498060911101/availability', (m) => m.json().state === 'online');
    const upload = await new FakeBoard({ devId: '498060911102' }).upload(`http://127.0.0.1:${ports.http}/upload`,
      { devId: '498060911102', type: 998, netCh: 0, cnt: 1 }, 'post-form');
    expect(upload.status).toBe(200);
    await probe.next('boards/498060911102/event/ping');
    const cmds = new CommandClient(probe);
    expect(await cmds.lifecycle(await cmds.send('498060911101', 'stat'))).toEqual(['sent', 'acknowledged']);
    board.destroy();
  }, 30_000);
});
