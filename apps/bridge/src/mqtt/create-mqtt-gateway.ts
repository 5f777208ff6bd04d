import { EmbeddedAedesAdapter, type EmbeddedAedesOptions } from './embedded-aedes.adapter';
import { ExternalMqttAdapter, type ExternalMqttOptions } from './external-mqtt.adapter';
import type { MqttGateway } from './mqtt-gateway';

export type MqttGatewayOptions =
  | ({ mode: 'embedded' } & EmbeddedAedesOptions)
  | ({ mode: 'external' } & ExternalMqttOptions);

/**
 * Picks the adapter once, at boot (style.md rule 5): embedded aedes when MQTT_URL is unset, the external
 * broker otherwise (bridge-contract §1). Nothing is opened until start().
 */
export function createMqttGateway(opts: MqttGatewayOptions): MqttGateway {
  if (opts.mode === 'embedded') {
    const { mode: _mode, ...embedded } = opts;
    return new EmbeddedAedesAdapter(embedded);
  }
  const { mode: _mode, ...external } = opts;
  return new ExternalMqttAdapter(external);
}
