import type { CommandSpec } from '../command-spec';
import {
  NO_REPORTS, PHONE_PATTERN, afterAction, callTtsParams, integer, keywordParam, oneOf, pagingParams, slot,
  slotFilterParam, text, ttsPause, ttsRepeat, ttsText,
} from '../param-builders';

/**
 * board-protocol §3.2 "Calls". Names for teldial/telanswer come from bridge-contract §4; teltts reuses
 * them (`tts`, `ttsRepeat`, `ttsPause`, `afterTts`) so one payload shape fits all three.
 *
 * Call control acts on a call happening now: contract §4 fixes its TTL at 0 (fail at once when offline).
 * Report pushes 681-689 are only sent when ticked in the board's message settings (§3.2 teldial); without
 * them a dial or answer ends `failed` by timeout, so operators should enable them.
 */

/** TTS playback (§2.2): 687 started, 688 could not play, 689 finished. */
const TTS_STARTED = 687;
const TTS_FAILED = 688;
const TTS_FINISHED = 689;

/** DTMF keys and pauses accepted by telkeypress (§3.2): p = 1 s, P = 5 s, m = 0.1 s, M = 0.5 s. */
const KEYS_PATTERN = '^[0-9A-D*#pPmM]+$';

const base = {
  family: 'calls', source: 'DOC', tid: 'optional', reply: true, replyData: false,
  reports: NO_REPORTS, reportTimeoutSec: null, defaultTtlSec: 0, costly: false,
} as const;

export const CALL_COMMANDS: readonly CommandSpec[] = [
  {
    ...base, name: 'teldial', summary: 'dial out, optionally speak a TTS text once answered',
    params: [slot(), text('number', 'number to call', [1, 32], { pattern: PHONE_PATTERN }), ...callTtsParams()],
    // 681 "dial succeeded" / 682 "dial failed" (§2.2). 620-623 are call progress events, not verdicts.
    reports: { completes: [681], fails: [682] }, reportTimeoutSec: 60, costly: true,
  },
  {
    ...base, name: 'telanswer', summary: 'answer a ringing call, optionally speak a TTS text',
    params: [slot(), ...callTtsParams()],
    // §6.8: [3P] v137 reads 685 as "AMR playback finished"; telanswer plays no AMR, so 685 = answer failed.
    reports: { completes: [684], fails: [685] }, reportTimeoutSec: 30,
  },
  { ...base, name: 'telhangup', summary: 'hang up the call on a slot', params: [slot()] },
  {
    ...base, name: 'teltts', summary: 'speak a TTS text during a call',
    params: [slot(), ttsText(), ttsRepeat({ optional: true, default: 0 }), ttsPause(),
      afterAction('afterTts', 'after the TTS: 0 = nothing, 1 = hang up')],
    // "Started" is the verdict: with repeat 0 the text plays until stopped, so 689 may never come.
    // 689 also completes, for boards where only "finished" is ticked.
    reports: { completes: [TTS_STARTED, TTS_FINISHED], fails: [TTS_FAILED] }, reportTimeoutSec: 30,
  },
  {
    ...base, name: 'stoptts', summary: 'stop the TTS playing on a slot',
    params: [slot(), afterAction('afterStop', 'after stopping: 0 = nothing, 1 = hang up')],
  },
  {
    ...base, name: 'telkeypress', source: 'DOC-new', summary: 'send DTMF keys into the call (641 per key)',
    params: [
      slot(),
      text('keys', 'keys 0-9 A-D * #, pauses p (1 s) P (5 s) m (0.1 s) M (0.5 s)', [1, 64], { pattern: KEYS_PATTERN }),
      integer('toneMs', 'tone length per key in milliseconds', [20, 5000], { optional: true, default: 200 }),
      integer('gapMs', 'silence between keys in milliseconds', [0, 5000], { optional: true, default: 100 }),
    ],
  },
  {
    ...base, name: 'querytel', source: 'DOC-new', summary: 'page through the local call log (402, subType 31)',
    replyData: true, defaultTtlSec: 30,
    params: [
      ...pagingParams(),
      // 0 = all is the only value that does not filter, so it is what an omitted p3 must mean.
      oneOf('callType', '0 = all, 1 = incoming, 2 = outgoing, 3 = missed', [0, 1, 2, 3], { optional: true, default: 0 }),
      keywordParam('only calls whose number contains this text'),
      slotFilterParam(),
    ],
  },
];
