import { parseUploadTarget } from './upload-target';

describe('parseUploadTarget', () => {
  it('takes the last segment below /upload as the board hint', () => {
    expect(parseUploadTarget('/upload', {})).toEqual({ query: '', boardHint: undefined, secret: undefined });
    expect(parseUploadTarget('/upload/x/b%2D1?devId=b-1&type=998', {}))
      .toEqual({ query: 'devId=b-1&type=998', boardHint: 'b-1', secret: undefined });
  });

  it('finds the secret in a path segment pair, leaving the hint', () => {
    expect(parseUploadTarget('/upload/secret/abc%7E1/b-1', {})).toEqual({ query: '', boardHint: 'b-1', secret: 'abc~1' });
    expect(parseUploadTarget('/upload/secret/abc', {})).toEqual({ query: '', boardHint: undefined, secret: 'abc' });
  });

  it('takes the secret out of the query string, so it never becomes a board field', () => {
    expect(parseUploadTarget('/upload?devId=b&secret=s%2B1&type=1', {}))
      .toEqual({ query: 'devId=b&type=1', boardHint: undefined, secret: 's+1' });
    expect(parseUploadTarget('/upload?p=secret', {}).query).toBe('p=secret');
  });

  it('prefers a header: X-Board-Secret, Bearer, or the Basic password', () => {
    expect(parseUploadTarget('/upload?secret=q', { 'x-board-secret': ' h ' }).secret).toBe('h');
    expect(parseUploadTarget('/upload', { authorization: 'Bearer tok' }).secret).toBe('tok');
    const basic = `Basic ${Buffer.from('board:pa:ss').toString('base64')}`;
    expect(parseUploadTarget('/upload', { authorization: basic }).secret).toBe('pa:ss');
    expect(parseUploadTarget('/upload', { authorization: 'Digest x' }).secret).toBeUndefined();
  });

  it('survives broken percent-encoding', () => {
    expect(parseUploadTarget('/upload/%E0%A4?secret=%zz', {})).toEqual({ query: '', boardHint: undefined,
      secret: undefined });
  });
});
