import type { CommandSpec } from '../command-spec';
import { NO_REPORTS, oneOf, text } from '../param-builders';

/**
 * board-protocol §3.2 "WiFi". All three change stored settings, so they may wait 300 s for an offline
 * board (docs silent). `wf off` over HTTP cuts the board off (§3.2); that is the caller's decision.
 */

/** 802.11 limits an SSID to 32 octets, so the byte count matters for non-ASCII names. */
const ssid = () => text('ssid', 'WiFi network name (2.4 GHz)', [1, 32], { maxBytes: 32 });

const base = {
  family: 'wifi', source: 'DOC', tid: 'optional', reply: true, replyData: false,
  reports: NO_REPORTS, reportTimeoutSec: null, defaultTtlSec: 300, costly: false,
} as const;

export const WIFI_COMMANDS: readonly CommandSpec[] = [
  {
    ...base, name: 'addwf', summary: 'add a WiFi network to the known list',
    params: [
      ssid(),
      // Required but may be empty (an open network). 64 = a raw WPA key in hex; the docs give no limit.
      text('password', 'WiFi password; empty for an open network', [0, 64], { maxBytes: 64 }),
    ],
  },
  { ...base, name: 'delwf', summary: 'remove a WiFi network from the known list', params: [ssid()] },
  {
    ...base, name: 'wf', summary: 'switch WiFi on or off',
    // The `ap` mode and the status query (§6 unknown 15) are undocumented: send them as p1 pass-through.
    params: [oneOf('state', 'on or off', ['on', 'off'])],
  },
];
