import { asFormFields, fixture } from './fixture';
import { call603, online100, ping998, sms501, sim204, smsSent502 } from './fixtures-push';

/**
 * The tolerant cases board-protocol §1.2, §2.4, §6 and §7 require, each a variant of a §2.3 example. The
 * `source` names the rule, so a failing test says which part of the protocol broke.
 */

/** §1.2 POST + FORM: every value is a string. */
export const online100Form = fixture('§1.2 FORM: 100 all strings', 'online', asFormFields(online100.raw));
export const sim204Form = fixture('§1.2 FORM: 204 all strings', 'sim_ready', asFormFields(sim204.raw));
export const sms501Form = fixture('§1.2 FORM: 501 all strings', 'sms_received', asFormFields(sms501.raw));
export const smsSent502Form = fixture('§1.2 FORM: 502 all strings', 'sms_sent', asFormFields(smsSent502.raw));
export const call603Form = fixture('§1.2 FORM: 603 all strings', 'call_ended', asFormFields(call603.raw));
export const ping998Form = fixture('§1.2 FORM: 998 all strings', 'ping', asFormFields(ping998.raw));

/** §1.2 / §2.3: `ssid` URL-encoded on top of the transport encoding ("我的 wifi"). */
export const online100EncodedSsid = fixture('§1.2 ssid URL-encoded', 'online',
  { ...online100.raw, ssid: '%E6%88%91%E7%9A%84%20wifi' });

/** §2.4: the board renamed `ssid` → `apName` and `dbm` → `apDBm`. */
export const online100Aliased = fixture('§2.4 aliases apName/apDBm', 'online',
  { devId: '498060912345', type: 100, ip: '192.168.7.170', apName: 'mywifi', apDBm: 61, netCh: 0 },
  { aliases: { apName: 'ssid', apDBm: 'dbm' } });

/** §2.2 [3P]: newer firmware adds `plmn` to 20x. */
export const sim204WithPlmn = fixture('§2.2 204 with plmn [3P]', 'sim_ready',
  { ...sim204.raw, plmn: '46000', scName: 'CHINA MOBILE' });

/** §6.4: newer firmware sends `smsTs` in seconds instead of `smsTm` in milliseconds. */
export const sms501SmsTs = fixture('§6.4 smsTs in seconds', 'sms_received',
  { ...withoutKey(sms501.raw, 'smsTm'), smsTs: 1647344840 });

/** §6.4: "timestamp params like smsTm are 12 digits (to the second)": the yyMMddHHmmss reading. */
export const sms501SmsTm12 = fixture('§6.4 smsTm with 12 digits', 'sms_received',
  { ...sms501.raw, smsTm: '220315194720' });

/** §2.3 501: `charset=urlen` percent-encodes phNum and smsBd ("+86 10086", "余额 100元"). */
export const sms501Urlen = fixture('§2.3 501 charset=urlen', 'sms_received', {
  ...sms501.raw, charset: 'urlen', phNum: '%2B8610086', smsBd: '%E4%BD%99%E9%A2%9D%20100%E5%85%83',
});

/** §2.3 501 with a broken escape: a stray `%` and a cut UTF-8 sequence must not lose the SMS. */
export const sms501UrlenMalformed = fixture('§2.3 501 charset=urlen with malformed escapes', 'sms_received',
  { ...sms501.raw, charset: 'urlen', smsBd: '100% sure %E4%BD' });

/** §6.1: the sendsms page's "501 carrying the tid" success report. */
export const sms501SendReport = fixture('§6.1 501 carrying only a tid', 'sms_sent',
  { devId: '498060912345', type: 501, slot: 1, tid: '1647344840', netCh: 0 });

/** §6.1: an incoming SMS that also carries a tid stays an incoming SMS. */
export const sms501WithTid = fixture('§6.1 501 with body and tid', 'sms_received', { ...sms501.raw, tid: 'x-1' });

/** §6.5: newer call field names `telStartTs` / `telEndTs`. */
export const call603TelTs = fixture('§6.5 telStartTs/telEndTs', 'call_ended', {
  ...withoutKey(withoutKey(call603.raw, 'startTm'), 'endTm'), telStartTs: 1647344540, telEndTs: 1647344840,
});

/** §2.1 [DOC-new]: msgTs on an ordinary push. */
export const online100MsgTs = fixture('§2.1 msgTs on 100', 'online', { ...online100.raw, msgTs: 1751460187 });

function withoutKey(raw: Readonly<Record<string, unknown>>, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(raw).filter(([name]) => name !== key));
}
