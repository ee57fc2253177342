import { describe, expect, it } from 'vitest';
import { HostPolicy, hostnameOf } from '../../feed/host-policy.ts';

describe('HostPolicy', () => {
  it('answers loopback names and the bound address, with any port', () => {
    const policy = new HostPolicy('127.0.0.1');
    for (const host of ['127.0.0.1:8080', 'localhost:8080', 'LOCALHOST', '[::1]:8080', 'localhost.']) expect(policy.allows(host), host).toBe(true);
  });

  it('refuses other names, which is what a DNS-rebinding page sends', () => {
    const policy = new HostPolicy('127.0.0.1');
    for (const host of ['evil.example:8080', 'evil.example', '127.0.0.2:8080', '', 'a b', 'user@localhost', undefined]) expect(policy.allows(host), String(host)).toBe(false);
  });

  it('answers names given with --allow-host, and subdomains of a leading-dot entry', () => {
    const policy = new HostPolicy('127.0.0.1', ['wall.example.com', '.corp.example']);
    expect(policy.allows('wall.example.com:443')).toBe(true);
    expect(policy.allows('a.corp.example')).toBe(true);
    expect(policy.allows('corp.example')).toBe(true);
    expect(policy.allows('evilcorp.example')).toBe(false);
    expect(policy.allows('other.example.com')).toBe(false);
  });

  it('answers every interface address when bound to all of them', () => {
    expect(new HostPolicy('0.0.0.0').allows('127.0.0.1:1')).toBe(true);
  });

  it('parses Host headers', () => {
    expect(hostnameOf('[::1]:8080')).toBe('::1');
    expect(hostnameOf('Example.COM:80')).toBe('example.com');
    expect(hostnameOf('x:99999999')).toBeNull();
    expect(hostnameOf('a/b')).toBeNull();
  });
});
