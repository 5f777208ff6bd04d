import Redis from 'ioredis';
import mqtt from 'mqtt';
import { testServices } from './setup/services';

describe('test services started by the global setup', () => {
  const services = testServices();

  it('redis-server answers SET/GET on its private port', async () => {
    const redis = new Redis(services.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    await redis.set('services-check', 'ok');
    expect(await redis.get('services-check')).toBe('ok');
    await redis.quit();
  });

  it('mosquitto delivers a QoS 1 publication to a subscriber', async () => {
    const client = await mqtt.connectAsync(services.mosquittoUrl, { protocolVersion: 5 });
    await client.subscribeAsync('services/check', { qos: 1 });
    const received = new Promise<string>((resolve) => client.on('message', (_t, p) => resolve(p.toString())));
    await client.publishAsync('services/check', 'hello', { qos: 1 });
    expect(await received).toBe('hello');
    await client.endAsync();
  });
});
