import { botRequest, botVerdict } from './bot-templates';
import { dingTalkSign, feishuSign } from './signing';

describe('bot templates', () => {
  const now = 1_700_000_000_123;

  it('DingTalk: text message, signed in the query when a secret is set', () => {
    expect(botRequest('dingtalk', 'hi', now)).toEqual({ body: { msgtype: 'text', text: { content: 'hi' } } });
    expect(botRequest('dingtalk', 'hi', now, 'SEC1').query)
      .toEqual({ timestamp: String(now), sign: dingTalkSign('SEC1', now) });
  });

  it('WeCom: text message, never signed', () => {
    expect(botRequest('wecom', 'hi', now, 'ignored')).toEqual({ body: { msgtype: 'text', text: { content: 'hi' } } });
  });

  it('Feishu: text message with timestamp (seconds) and sign in the body', () => {
    expect(botRequest('feishu', 'hi', now)).toEqual({ body: { msg_type: 'text', content: { text: 'hi' } } });
    expect(botRequest('feishu', 'hi', now, 's')).toEqual({ body: {
      timestamp: '1700000000', sign: feishuSign('s', 1_700_000_000), msg_type: 'text', content: { text: 'hi' } } });
  });

  it('reads the error code of a 200 reply', () => {
    expect(botVerdict('dingtalk', '{"errcode":0,"errmsg":"ok"}')).toEqual({ ok: true });
    expect(botVerdict('dingtalk', '{"errcode":130101,"errmsg":"send too fast"}'))
      .toEqual({ ok: false, retryable: true, code: '130101', retryAfterMs: 60_000 });
    expect(botVerdict('dingtalk', '{"errcode":310000,"errmsg":"sign not match"}'))
      .toEqual({ ok: false, retryable: false, code: '310000' });
    expect(botVerdict('wecom', '{"errcode":45009}')).toMatchObject({ ok: false, retryable: true });
    expect(botVerdict('feishu', '{"code":19021,"msg":"sign match fail"}')).toMatchObject({ ok: false, retryable: false });
    expect(botVerdict('feishu', '{"StatusCode":0}')).toEqual({ ok: true });
    expect(botVerdict('feishu', 'not json')).toEqual({ ok: true });
  });
});
