import type { MqttClient } from 'mqtt';
import { MqttPublishRejectedError, MqttUnavailableError } from './mqtt-gateway';

/** CONNACK codes (3.1.1 return codes and MQTT 5 reason codes) that no retry will fix, with the setting to change. */
const CONFIG_REFUSALS: Record<number, string> = {
  1: 'MQTT_PROTOCOL_VERSION', 132: 'MQTT_PROTOCOL_VERSION',
  2: 'BRIDGE_INSTANCE_ID', 133: 'BRIDGE_INSTANCE_ID',
  4: 'MQTT_USERNAME / MQTT_PASSWORD', 5: 'MQTT_USERNAME / MQTT_PASSWORD',
  134: 'MQTT_USERNAME / MQTT_PASSWORD', 135: 'MQTT_USERNAME / MQTT_PASSWORD', 138: 'MQTT_USERNAME / MQTT_PASSWORD',
};

/** MQTT.js reports a refused CONNACK as an ErrorWithReasonCode whose message starts like this (handlers/connack.js). */
function refusalCode(err: Error): number | undefined {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'number' && err.message.startsWith('Connection refused') ? code : undefined;
}

export function describeConnectionError(err: Error, url: string): string {
  const code = refusalCode(err);
  if (code === undefined) return `MQTT connection to ${url} failed, retrying`;
  const setting = CONFIG_REFUSALS[code];
  return `MQTT broker ${url} refused the connection (code ${code})${setting ? `: check ${setting}` : ', retrying'}`;
}

/**
 * Waits for the first CONNACK. A refusal no retry can fix (credentials, protocol version, client id) fails
 * at once; anything else (broker down, busy) is retried by MQTT.js until `timeoutMs`.
 */
export function firstConnection(client: MqttClient, url: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let lastError = 'no answer';
    const finish = (err?: Error) => {
      clearTimeout(timer);
      client.off('connect', onConnect);
      client.off('error', onError);
      if (err) reject(err);
      else resolve();
    };
    const onConnect = () => finish();
    const onError = (err: Error) => {
      lastError = err.message;
      const code = refusalCode(err);
      if (code !== undefined && CONFIG_REFUSALS[code]) {
        finish(new MqttUnavailableError(`${describeConnectionError(err, url)} (${err.message})`, { cause: err }));
      }
    };
    const timer = setTimeout(() => finish(new MqttUnavailableError(
      `could not connect to MQTT broker ${url} within ${timeoutMs} ms (last error: ${lastError})`)), timeoutMs);
    client.on('connect', onConnect);
    client.on('error', onError);
  });
}

/**
 * Ends the client. A graceful end waits for outstanding acknowledgements, which never come from a dead
 * broker, so after `graceMs` the socket is destroyed instead.
 */
export function endClient(client: MqttClient, force: boolean, graceMs = 2000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      client.stream?.destroy();
      resolve();
    }, graceMs);
    client.end(force, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * A PUBACK reason code >= 0x80 (ErrorWithReasonCode) is the publication's own fault; anything else means the
 * connection went away before the broker accepted it.
 */
export function mapPublishError(topic: string, err: Error): Error {
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'number') return new MqttPublishRejectedError(topic, code, err.message);
  return new MqttUnavailableError(`MQTT publication on ${topic} failed: ${err.message}`, { cause: err });
}
