import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { UpgradePolicy } from '../../feed/upgrade-policy.ts';

/** The parts of an upgrade request the policy reads. */
function request(headers: Record<string, string>, remoteAddress = '203.0.113.5'): IncomingMessage {
  return { headers, socket: { remoteAddress } } as unknown as IncomingMessage;
}
const none = new URLSearchParams();
const policy = (options: Partial<ConstructorParameters<typeof UpgradePolicy>[0]> = {}) =>
  new UpgradePolicy({ allowedOrigins: [], token: null, maxClients: 100, maxClientsPerIp: 100, ...options });

describe('UpgradePolicy', () => {
  it('allows no Origin (not a browser), the page\'s own, loopback on any port, and listed origins', () => {
    const p = policy({ allowedOrigins: ['https://wall.example.com'] });
    for (const origin of [undefined, 'http://127.0.0.1:8080', 'http://localhost:5173', 'http://[::1]:1', 'https://wall.example.com']) {
      expect(p.check(request(origin ? { origin, host: '127.0.0.1:8080' } : { host: '127.0.0.1:8080' }), none), String(origin)).toEqual({ ok: true });
    }
    expect(p.check(request({ origin: 'https://tickwall.example', host: 'tickwall.example' }), none)).toEqual({ ok: true });
  });

  it('refuses foreign, malformed and non-http origins with 403', () => {
    for (const origin of ['https://evil.example', 'null', 'file://', 'chrome-extension://abc', 'not a url']) {
      expect(policy().check(request({ origin, host: '127.0.0.1:8080' }), none), origin).toMatchObject({ ok: false, status: 403 });
    }
  });

  it('requires the token by query or bearer header, compared exactly', () => {
    const p = policy({ token: 's3cret' });
    expect(p.check(request({}), none)).toMatchObject({ status: 401 });
    expect(p.check(request({}), new URLSearchParams('token=s3cre'))).toMatchObject({ status: 401 });
    expect(p.check(request({}), new URLSearchParams('token=s3cret'))).toEqual({ ok: true });
    expect(p.check(request({ authorization: 'Bearer s3cret' }), none)).toEqual({ ok: true });
    expect(p.check(request({ authorization: 'bearer s3cret' }), none)).toEqual({ ok: true }); // schemes are case-insensitive
    expect(p.check(request({ authorization: 'Basic s3cret' }), none)).toMatchObject({ status: 401 });
  });

  it('limits connections in all (503) and per address (429), an IPv6 /64 counting as one address, until released', () => {
    const p = policy({ maxClients: 3, maxClientsPerIp: 2 });
    const a = request({}, '2001:db8:0:1::1');
    const b = request({}, '2001:db8:0:1::ffff');
    const releaseA = p.admit(a);
    p.admit(b);
    expect(p.check(request({}, '2001:db8:0:1::2'), none)).toMatchObject({ status: 429 });
    p.admit(request({}, '198.51.100.1'));
    expect(p.check(request({}, '198.51.100.2'), none)).toMatchObject({ status: 503 });
    releaseA();
    releaseA(); // releasing twice changes nothing
    expect(p.check(request({}, '2001:db8:0:1::2'), none)).toEqual({ ok: true });
  });
});
