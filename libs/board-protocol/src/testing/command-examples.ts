/**
 * One valid example per §3.2 command: named input → the TCP frame the board expects. Literal vendor
 * frames exist for sendsms (§3.2), now and stat (§1.4); the others follow the §3.2 parameter tables
 * (values from the docs' own examples where there are any: 25 disables dailyota, SSID "mywifi", …).
 */
export const COMMAND_EXAMPLES: readonly [cmd: string, named: Record<string, unknown>, tid: string | undefined,
  frame: Record<string, unknown>][] = [
  ['stat', {}, '1234', { cmd: 'stat', tid: '1234' }],
  ['now', { time: '20220330184700' }, '1234', { cmd: 'now', p1: '20220330184700', tid: '1234' }],
  ['restart', {}, undefined, { cmd: 'restart' }],
  ['dailyrst', { hour: 4 }, 't1', { cmd: 'dailyrst', p1: 4, tid: 't1' }],
  ['dailyota', { hour: 25 }, 't2', { cmd: 'dailyota', p1: 25, tid: 't2' }],
  ['otanow', {}, 't3', { cmd: 'otanow', tid: 't3' }],
  ['pingsec', { seconds: 110 }, 't4', { cmd: 'pingsec', p1: 110, tid: 't4' }],
  ['chpwduser', { password: '000000' }, 't5', { cmd: 'chpwduser', p1: '000000', tid: 't5' }],
  ['addwf', { ssid: 'mywifi', password: '12345678' }, 't6', { cmd: 'addwf', p1: 'mywifi', p2: '12345678', tid: 't6' }],
  ['delwf', { ssid: 'mywifi' }, 't7', { cmd: 'delwf', p1: 'mywifi', tid: 't7' }],
  ['wf', { state: 'off' }, 't8', { cmd: 'wf', p1: 'off', tid: 't8' }],
  ['slotrst', { slot: 1 }, 't9', { cmd: 'slotrst', p1: 1, tid: 't9' }],
  ['slotoff', { slot: 2 }, 't10', { cmd: 'slotoff', p1: 2, tid: 't10' }],
  ['simcfu', { slot: 1, target: '053289265468' }, 't11', { cmd: 'simcfu', p1: 1, p2: '053289265468', tid: 't11' }],
  ['asksimcfu', { slot: 1 }, '1234', { cmd: 'asksimcfu', p1: 1, tid: '1234' }],
  ['sendsms', { slot: 2, to: '10001', text: '查话费' }, '1647344840',
    { cmd: 'sendsms', p1: 2, p2: '10001', p3: '查话费', tid: '1647344840' }],
  ['querysms', { offset: 1, limit: 10, keyword: '招商银行', slot: 1 }, 't12',
    { cmd: 'querysms', p1: 1, p2: 10, p3: '招商银行', p4: 1, tid: 't12' }],
  ['teldial', { slot: 1, number: '10086', maxSeconds: 60, tts: '您好', ttsRepeat: 2, ttsPause: 1, afterTts: 1 }, 't13',
    { cmd: 'teldial', p1: 1, p2: '10086', p3: 60, p4: '您好', p5: 2, p6: 1, p7: 1, tid: 't13' }],
  ['telanswer', { slot: 1, maxSeconds: 175, tts: '请稍候', ttsRepeat: 1, ttsPause: 0, afterTts: 0 }, 't14',
    { cmd: 'telanswer', p1: 1, p2: 175, p3: '请稍候', p4: 1, p5: 0, p6: 0, tid: 't14' }],
  ['telhangup', { slot: 2 }, 't15', { cmd: 'telhangup', p1: 2, tid: 't15' }],
  ['teltts', { slot: 1, tts: '报警', ttsRepeat: 0, ttsPause: 2, afterTts: 1 }, 't16',
    { cmd: 'teltts', p1: 1, p2: '报警', p3: 0, p4: 2, p5: 1, tid: 't16' }],
  ['stoptts', { slot: 1, afterStop: 1 }, 't17', { cmd: 'stoptts', p1: 1, p2: 1, tid: 't17' }],
  ['telkeypress', { slot: 1, keys: '123#pA*', toneMs: 200, gapMs: 100 }, 't18',
    { cmd: 'telkeypress', p1: 1, p2: '123#pA*', p3: 200, p4: 100, tid: 't18' }],
  ['querytel', { offset: 1, limit: 3, callType: 0, keyword: '', slot: 2 }, 't19',
    { cmd: 'querytel', p1: 1, p2: 3, p3: 0, p4: '', p5: 2, tid: 't19' }],
];
