import type { LookupAddress } from 'node:dns';
import { isPublicAddress, literalAddressProblem } from './address-policy';
import { ForwardRefusedError, guardedLookup } from './guarded-lookup';

describe('isPublicAddress', () => {
  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:93.184.216.34'])('%s is public', (ip) => {
    expect(isPublicAddress(ip)).toBe(true);
  });

  it.each([
    '127.0.0.1',
    '10.0.0.5',
    '172.16.3.4',
    '192.168.1.1',
    '169.254.169.254', // cloud metadata
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    'fe80::1',
    'fd12:3456::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '2002:0a00:0001::1', // 6to4 around 10.0.0.1
    '64:ff9b::0a00:0001', // NAT64 around 10.0.0.1
    'not-an-ip',
  ])('%s is not', (ip) => {
    expect(isPublicAddress(ip)).toBe(false);
  });
});

describe('literalAddressProblem', () => {
  it('names the range of a literal non-public address, and leaves host names to the resolver', () => {
    expect(literalAddressProblem(new URL('http://169.254.169.254/latest'))).toBe(
      '169.254.169.254 is a linkLocal address, not a public one',
    );
    expect(literalAddressProblem(new URL('http://[::1]:81/'))).toBe('::1 is a loopback address, not a public one');
    expect(literalAddressProblem(new URL('http://api.localhost/'))).toBe('api.localhost is a loopback host name');
    expect(literalAddressProblem(new URL('http://localhost.:8080/'))).toBe('localhost is a loopback host name');
    expect(literalAddressProblem(new URL('https://hooks.example.com/x'))).toBeUndefined();
    expect(literalAddressProblem(new URL('https://93.184.216.34/x'))).toBeUndefined();
  });
});

describe('guardedLookup', () => {
  const resolve = (allowPrivate: boolean, host: string) =>
    new Promise<{ error: Error | null; address: string | LookupAddress[] }>((done) =>
      guardedLookup(allowPrivate)(host, { family: 0 }, (error, address) => done({ error, address })),
    );

  it('refuses a host name that resolves to loopback', async () => {
    const { error } = await resolve(false, 'localhost');
    expect(error).toBeInstanceOf(ForwardRefusedError);
    expect(error!.message).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), which is not a public address/);
  });

  it('resolves it when private networks are allowed', async () => {
    const { error, address } = await resolve(true, 'localhost');
    expect(error).toBeNull();
    expect(['127.0.0.1', '::1']).toContain(address);
  });
});
