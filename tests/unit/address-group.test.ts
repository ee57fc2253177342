import { describe, expect, it } from 'vitest';
import { addressGroup } from '../../feed/address-group.ts';

describe('addressGroup', () => {
  it('counts an IPv4 address as itself, also when IPv4-mapped', () => {
    expect(addressGroup('203.0.113.7')).toBe('203.0.113.7');
    expect(addressGroup('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressGroup(undefined)).toBe('unknown');
  });

  it('counts an IPv6 address by its /64, however it is written', () => {
    const group = '2001:db8:0:1::/64';
    expect(addressGroup('2001:db8:0:1::1')).toBe(group);
    expect(addressGroup('2001:0db8:0000:0001:ffff:ffff:ffff:ffff')).toBe(group);
    expect(addressGroup('2001:db8:0:1:a:b:c:d%eth0')).toBe(group);
    expect(addressGroup('2001:db8:0:2::1')).not.toBe(group);
    expect(addressGroup('::1')).toBe('0:0:0:0::/64');
  });
});
