import type { CommandSpec } from '../command-spec';
import {
  NO_REPORTS, SMS_DESTINATION_PATTERN, keywordParam, pagingParams, slot, slotFilterParam, text,
} from '../param-builders';

/**
 * board-protocol §3.2 "SMS". Names `slot`, `to`, `text` come from bridge-contract §4.
 *
 * sendsms success is the 502 push carrying the same tid (§2.3); the sendsms page says 501, so a 501 with
 * the tid is tolerated too (§6.1; the router must only apply a report whose tid matches). No failure push
 * exists (§2.2 502: "no 502 within ~30 s" = failure); 60 s leaves room for a slow network.
 */

const SMS_SENT = 502;
/** §6.1: the sendsms page names 501 as the success report. */
const SMS_SENT_AS_DOCUMENTED_ON_SENDSMS_PAGE = 501;

/** Query answers are only useful fresh: 30 s for an offline board (docs silent). */
const QUERY_TTL_SEC = 30;

const base = {
  family: 'sms', tid: 'optional', reply: true, replyData: false,
  reports: NO_REPORTS, reportTimeoutSec: null, costly: false,
} as const;

export const SMS_COMMANDS: readonly CommandSpec[] = [
  {
    ...base, name: 'sendsms', source: 'DOC', summary: 'send an SMS from a SIM slot',
    // §3.1: tid mandatory in both modes because the 502 report echoes it.
    tid: 'required', costly: true, defaultTtlSec: 300,
    params: [
      slot(),
      text('to', 'destination number', [1, 32], { pattern: SMS_DESTINATION_PATTERN }),
      // Long-SMS handling is UNKNOWN (§2.3); 1000 characters is about 15 concatenated UCS-2 parts.
      text('text', 'message body', [1, 1000]),
    ],
    reports: { completes: [SMS_SENT, SMS_SENT_AS_DOCUMENTED_ON_SENDSMS_PAGE], fails: [] },
    reportTimeoutSec: 60,
  },
  {
    ...base, name: 'querysms', source: 'DOC-new', summary: 'page through the local SMS store (402, subType 30)',
    replyData: true, defaultTtlSec: QUERY_TTL_SEC,
    params: [...pagingParams(), keywordParam('only messages whose body contains this text'), slotFilterParam()],
  },
];

