import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { addressKey, clientAddressReader } from './client-address';

function request(peer: string, forwardedFor?: string): IncomingMessage {
  const socket = new Socket();
  Object.defineProperty(socket, 'remoteAddress', { value: peer });
  const req = new IncomingMessage(socket);
  if (forwardedFor) req.headers['x-forwarded-for'] = forwardedFor;
  return req;
}

describe('clientAddressReader', () => {
  it('ignores X-Forwarded-For unless TRUST_PROXY trusts the peer', () => {
    expect(clientAddressReader(false)(request('203.0.113.9', '198.51.100.1'))).toBe('203.0.113.9');
    expect(clientAddressReader('loopback')(request('203.0.113.9', '198.51.100.1'))).toBe('203.0.113.9');
  });

  it('takes the nearest untrusted forwarded address behind a trusted proxy', () => {
    expect(clientAddressReader('loopback')(request('127.0.0.1', '198.51.100.1, 10.0.0.2'))).toBe('10.0.0.2');
    expect(clientAddressReader('loopback, 10.0.0.0/8')(request('127.0.0.1', '198.51.100.1, 10.0.0.2'))).toBe(
      '198.51.100.1',
    );
    expect(clientAddressReader(1)(request('127.0.0.1', '198.51.100.1, 10.0.0.2'))).toBe('10.0.0.2');
    expect(clientAddressReader(true)(request('127.0.0.1', '198.51.100.1, 10.0.0.2'))).toBe('198.51.100.1');
  });
});

describe('addressKey', () => {
  it('counts IPv4 by address and IPv6 by /64', () => {
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2::1')).toBe(addressKey('2001:db8:1:2:ffff::9'));
  });
});
