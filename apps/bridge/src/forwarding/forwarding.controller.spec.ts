import { BadRequestException } from '@nestjs/common';
import { parseReplayBody } from './forwarding.controller';

describe('replay body', () => {
  it('takes all or a list of ids, and nothing vague', () => {
    expect(parseReplayBody(Buffer.from('{"all":true}'))).toBeUndefined();
    expect(parseReplayBody(Buffer.from('{"ids":["1-0","2-0"]}'))).toEqual(['1-0', '2-0']);
    for (const bad of ['', '{}', '{"ids":[]}', '{"ids":[1]}', '{"all":"yes"}', 'nope']) {
      expect(() => parseReplayBody(Buffer.from(bad))).toThrow(BadRequestException);
    }
  });
});
