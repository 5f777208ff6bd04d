import type { CommandFailureReason, CommandStatus } from '../commands/command-types';
import type { OfflineReason } from '../ingest/availability';
import {
  type JsonSchema, anyObject, isoTime, nullableInteger, nullableNumber, nullableText,
  nullableTime, object, ref, text,
} from './json-schema';

/**
 * The bridge's own retained payloads and command replies (bridge-contract §2, §4). The lists below are
 * keyed by the code's own union types, so a status or reason added there does not compile until it is
 * documented here.
 */
const OFFLINE_REASONS = keysOf<OfflineReason>({
  closed: 1, 'ping-timeout': 1, replaced: 1, shutdown: 1, 'instance-lost': 1,
});
const STATUSES = keysOf<CommandStatus>({
  rejected: 1, queued: 1, sent: 1, acknowledged: 1, completed: 1, failed: 1, expired: 1,
});
const FAILURE_REASONS = keysOf<CommandFailureReason>({
  invalid: 1, retained: 1, 'not-allowed': 1, duplicate: 1, board: 1, timeout: 1, 'session-lost': 1, offline: 1,
  'routing-unavailable': 1, 'ctrl-unreachable': 1, 'rate-limited': 1, 'budget-exhausted': 1, 'destination-denied': 1,
});

function keysOf<K extends string>(all: Record<K, 1>): K[] {
  return Object.keys(all) as K[];
}

const FINAL_STATUSES: CommandStatus[] = ['rejected', 'completed', 'failed', 'expired'];
const SLOT_STATUSES = ['initializing', 'identified', 'ready', 'removed', 'error', 'modem_error', 'no_sim', 'off',
  'no_service', 'limited_service'];

export function bridgeSchemas(): Record<string, JsonSchema> {
  return {
    Availability: availability(),
    BoardState: boardState(),
    SlotState: slotState(),
    BridgeState: bridgeState(),
    CommandReply: commandReply(),
  };
}

/** apps/bridge/src/ingest/availability.ts: `reason` exactly when offline. */
function availability(): JsonSchema {
  const common = {
    transport: { enum: ['tcp', 'http'], description: 'how the board reaches the bridge' },
    netCh: nullableInteger('path of the latest message: 0 WiFi, 1 SIM1, 2 SIM2'),
    since: isoTime('when this state began'),
    instance: text('the bridge instance that published it'),
  };
  return {
    description: 'retained on {base}/{id}/availability (bridge-contract §2)',
    oneOf: [
      object({ state: { const: 'online' }, ...common }),
      object({ state: { const: 'offline' }, ...common,
        reason: { enum: [...OFFLINE_REASONS], description: 'why the board went offline' } }),
    ],
  };
}

/** libs/board-protocol/src/message/board-state-types.ts BoardState. */
function boardState(): JsonSchema {
  return object({
    v: { const: 1 },
    devId: text('the board\'s devId'),
    hwVer: nullableText('firmware version'),
    netCh: nullableInteger('path of the latest message: 0 WiFi, 1 SIM1, 2 SIM2'),
    network: { enum: ['wifi', 'sim1', 'sim2', null], description: 'the same path by name' },
    wifi: object({ ssid: nullableText('WiFi network'), ip: nullableText('IP address'),
      signal: nullableNumber('WiFi signal, a percentage') }),
    slots: object({ 1: ref('SlotState'), 2: ref('SlotState') }),
    settings: object({
      dailyRestartHour: nullableInteger('daily reboot hour (from stat)'),
      dailyOtaHour: nullableInteger('daily firmware update hour (from stat)'),
      pingSeconds: nullableInteger('ping interval (from stat)'),
      netOrder: { type: ['array', 'null'], items: { type: 'integer' }, description: 'SIM order without WiFi' },
    }),
    pingCount: nullableInteger('counter of the latest ping'),
    lastOnlineAt: nullableTime('when the latest 100/101/102 arrived (bridge clock)'),
    lastSeen: nullableTime('when any message last arrived (bridge clock)'),
  }, { description: 'retained on {base}/{id}/state: the latest known snapshot of the board (bridge-contract §2)' });
}

function slotState(): JsonSchema {
  return object({
    status: { enum: [...SLOT_STATUSES, null], description: 'SIM life cycle, module errors and what stat adds' },
    imsi: nullableText('IMSI'),
    iccid: nullableText('ICCID'),
    msisdn: nullableText('the SIM\'s own number'),
    signal: nullableNumber('signal, a percentage'),
    operator: nullableText('operator letter from stat, or the PLMN'),
    operatorName: nullableText('operator name'),
    module: nullableText('cellular module firmware'),
    lastSmsAt: nullableTime('time of the latest incoming SMS in this slot'),
  });
}

/** bridge-lifecycle.ts publishes the first form (refreshed every minute); mqtt.module.ts's last will is the second. */
function bridgeState(): JsonSchema {
  return {
    description: 'retained on {base}/bridge/{instance}/state (bridge-contract §2)',
    oneOf: [
      object({
        state: { enum: ['online', 'offline'], description: 'offline after a graceful shutdown' },
        version: text('the bridge version'),
        since: isoTime('when the instance started'),
        instance: text('BRIDGE_INSTANCE_ID'),
        uptimeSec: { type: 'integer', minimum: 0, description: 'seconds since the instance started' },
        sessions: { type: 'integer', minimum: 0, description: 'board TCP sessions held (0 when offline)' },
      }),
      object({
        state: { const: 'offline' },
        instance: text('BRIDGE_INSTANCE_ID'),
        reason: { const: 'connection-lost', description: 'the external broker\'s last will: the bridge vanished' },
      }),
    ],
  };
}

/** apps/bridge/src/commands/command-types.ts CommandReply; `final` follows command-replies.ts. */
function commandReply(): JsonSchema {
  return {
    ...object({
      requestId: text('the caller\'s requestId, or one the bridge generated'),
      cmd: text('the command'),
      status: { enum: [...STATUSES], description: 'the step of the command\'s life (bridge-contract §4)' },
      final: { type: 'boolean', description: 'no further reply follows' },
      code: { type: 'integer', description: 'the board\'s error code' },
      message: text('what went wrong, for people'),
      reason: { enum: [...FAILURE_REASONS], description: 'why it failed or was rejected, for programs' },
      data: anyObject('results (stat answer, query rows), `tid` on sent, `ttl` on queued, `issues` on rejected'),
      instance: text('the bridge instance that published it'),
      at: isoTime('when'),
    }, { required: ['requestId', 'cmd', 'status', 'final', 'instance', 'at'] }),
    allOf: [
      { if: statusIn(FINAL_STATUSES), then: finalIs(true) },
      { if: statusIn(['queued', 'sent']), then: finalIs(false) },
    ],
  };
}

function statusIn(statuses: CommandStatus[]): JsonSchema {
  return { required: ['status'], properties: { status: { enum: statuses } } };
}

function finalIs(value: boolean): JsonSchema {
  return { properties: { final: { const: value } } };
}

/** The 400 body of `POST /api/boards/{id}/commands/{cmd}` (boards.controller.ts): a reply without instance/at. */
export function httpRejectionSchema(): JsonSchema {
  return object({
    requestId: text('the caller\'s requestId, or one the bridge generated'),
    cmd: text('the command'),
    status: { const: 'rejected' },
    final: { const: true },
    reason: { enum: [...FAILURE_REASONS], description: 'why it was rejected' },
    message: text('every problem, for people'),
    data: anyObject('`issues`: [{ param, message }] for invalid parameters'),
  }, { required: ['status', 'message'] });
}
