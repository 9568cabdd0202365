import { headerFields, judgeSender, parseAuthenticationResults } from './authentication-results';

const PASSING =
  'mx.example.org;\r\n spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=ada@example.com;\r\n dkim=pass header.d=example.com; dmarc=pass (p=reject) header.from=example.com';

describe('Authentication-Results', () => {
  it('unfolds header fields in order', () => {
    expect(headerFields(`Authentication-Results: ${PASSING}\r\nX-Other: 1\r\n\r\n`)).toEqual([
      {
        name: 'authentication-results',
        value:
          'mx.example.org; spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=ada@example.com; dkim=pass header.d=example.com; dmarc=pass (p=reject) header.from=example.com',
      },
      { name: 'x-other', value: '1' },
    ]);
  });

  it('reads the authserv-id and every method, comments and versions aside', () => {
    const parsed = parseAuthenticationResults(
      'MX.Example.org 1; (a comment; spf=pass) spf=fail; dkim/1=fail header.i=@a; dkim=pass; dmarc = pass',
    );
    expect(parsed.authservId).toBe('mx.example.org');
    expect(Object.fromEntries(parsed.results)).toEqual({ spf: ['fail'], dkim: ['fail', 'pass'], dmarc: ['pass'] });
  });

  it("reads Microsoft 365's header, which has no authserv-id", () => {
    const microsoft =
      'spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=example.com; dkim=pass (signature was verified) header.d=example.com;dmarc=pass action=none header.from=example.com;compauth=pass reason=100';
    expect(parseAuthenticationResults(microsoft)).toEqual({
      authservId: '',
      results: new Map([
        ['spf', ['pass']],
        ['dkim', ['pass']],
        ['dmarc', ['pass']],
        ['compauth', ['pass']],
      ]),
    });
    expect(judgeSender(`Authentication-Results: ${microsoft}\r\n`)).toEqual({ authenticated: true });
    expect(judgeSender(`Authentication-Results: ${microsoft}\r\n`, 'mx.example.org')).toMatchObject({
      reason: expect.stringContaining('from (nobody), not mx.example.org'),
    });
  });

  it('trusts only the topmost header', () => {
    const forgedBelow = `Authentication-Results: mx.example.org; spf=pass; dkim=pass; dmarc=fail\r\nAuthentication-Results: ${PASSING}\r\n`;
    expect(judgeSender(forgedBelow)).toEqual({
      authenticated: false,
      reason: 'sender not authenticated: dmarc=fail (spf, dkim and dmarc must pass)',
    });
    expect(judgeSender(`Authentication-Results: ${PASSING}\r\n`)).toEqual({ authenticated: true });
  });

  it('says what is missing or from whom the header came', () => {
    expect(judgeSender('Subject: hi\r\n')).toEqual({
      authenticated: false,
      reason: 'no Authentication-Results header',
    });
    expect(judgeSender('Authentication-Results: mx.example.org; spf=pass; dmarc=pass\r\n')).toMatchObject({
      reason: expect.stringContaining('dkim=missing'),
    });
    expect(judgeSender(`Authentication-Results: ${PASSING}\r\n`, 'mx.ours.org')).toMatchObject({
      reason: expect.stringContaining('from mx.example.org, not mx.ours.org'),
    });
    expect(judgeSender(`Authentication-Results: ${PASSING}\r\n`, 'mx.example.org')).toEqual({ authenticated: true });
  });
});
