import type { Client, ConnectPacket } from 'aedes';
import type { Logger } from 'pino';
import { loadConfig } from '../../config';
import { BridgeMetrics } from '../../metrics/bridge-metrics';
import { createBrokerAuth } from './create-broker-auth';

function fakeLog() {
  return { info: jest.fn(), warn: jest.fn() };
}

function refusedConnect(auth: ReturnType<typeof createBrokerAuth>, address: string): Promise<void> {
  const hooks = auth.hooks();
  const client = { id: 'c', conn: { remoteAddress: address } } as unknown as Client;
  return new Promise((resolve) => hooks.preConnect(client, { cmd: 'connect' } as ConnectPacket,
    () => hooks.authenticate(client, undefined, undefined, () => resolve())));
}

describe('createBrokerAuth', () => {
  it('counts every refusal and logs it once a minute per source', async () => {
    const log = fakeLog();
    const metrics = new BridgeMetrics();
    const auth = createBrokerAuth(loadConfig({}), metrics, log as unknown as Logger);
    for (const address of ['10.0.0.1', '10.0.0.1', '10.0.0.1', '10.0.0.2']) await refusedConnect(auth, address);
    const counted = (await metrics.mqttDenied.get()).values;
    expect(counted).toEqual([{ labels: { action: 'connect', reason: 'anonymous' }, value: 4 }]);
    const refusals = log.warn.mock.calls.filter(([, msg]) => msg === 'MQTT connect refused');
    expect(refusals.map(([fields]) => fields.address)).toEqual(['10.0.0.1', '10.0.0.2']);
  });

  it('says at start who may connect', () => {
    const none = fakeLog();
    createBrokerAuth(loadConfig({ MQTT_ALLOW_ANONYMOUS: 'false' }), new BridgeMetrics(), none as unknown as Logger);
    expect(none.warn).toHaveBeenCalledWith(expect.stringContaining('no MQTT client can connect'));
    const local = fakeLog();
    createBrokerAuth(loadConfig({}), new BridgeMetrics(), local as unknown as Logger);
    expect(local.info).toHaveBeenCalledWith({ role: 'admin' }, expect.stringContaining('from this host only'));
    const anon = fakeLog();
    createBrokerAuth(loadConfig({ MQTT_ALLOW_ANONYMOUS: 'true' }), new BridgeMetrics(), anon as unknown as Logger);
    expect(anon.warn).toHaveBeenCalledWith({ role: 'admin' }, expect.stringContaining('anonymous clients allowed'));
  });
});
