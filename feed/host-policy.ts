import { hostname as machineName, networkInterfaces } from 'node:os';

/**
 * Which `Host` headers the server answers. A DNS-rebinding attack points a
 * name the attacker controls (evil.example) at 127.0.0.1, so the victim's
 * browser treats the server as same-origin with the attacker's page; the
 * only tell is the Host header, which then names the attacker's domain. The
 * server answers only names it is known by: loopback names, the address it
 * is bound to (every interface address and the machine's name when bound to
 * all of them), and names given with --allow-host.
 */
export class HostPolicy {
  private readonly exact = new Set<string>(['localhost', '127.0.0.1', '::1']);
  /** From --allow-host entries starting with a dot: ".example.com" allows every subdomain of example.com. */
  private readonly suffixes: string[] = [];

  constructor(boundHost: string, allowedHosts: readonly string[] = []) {
    const bound = normalizeHostname(boundHost);
    if (bound === '0.0.0.0' || bound === '::') {
      for (const addresses of Object.values(networkInterfaces())) {
        for (const { address } of addresses ?? []) this.exact.add(normalizeHostname(address));
      }
      this.exact.add(normalizeHostname(machineName()));
    } else {
      this.exact.add(bound);
    }
    for (const entry of allowedHosts) {
      const name = normalizeHostname(entry);
      if (name.startsWith('.')) this.suffixes.push(name);
      else this.exact.add(name);
    }
  }

  /** True if a request with this Host header may be answered. A missing header is refused. */
  allows(hostHeader: string | undefined): boolean {
    if (hostHeader === undefined) return false;
    const name = hostnameOf(hostHeader);
    if (name === null) return false;
    return this.exact.has(name) || this.suffixes.some((suffix) => name.endsWith(suffix) || name === suffix.slice(1));
  }
}

/** "Example.COM." -> "example.com"; "[::1]" -> "::1". */
export function normalizeHostname(name: string): string {
  return name.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

/** The hostname in a Host header ("name:port", "[v6]:port"), or null if it is not one. */
export function hostnameOf(header: string): string | null {
  const value = header.trim();
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]\s/@]+)(?::(\d{1,5}))?$/.exec(value);
  if (!match) return null;
  return normalizeHostname(match[1]!);
}
