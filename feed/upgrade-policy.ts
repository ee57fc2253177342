import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { addressGroup } from './address-group.ts';
import { hostnameOf } from './host-policy.ts';

export interface UpgradePolicyOptions {
  /**
   * Origins allowed to open a WebSocket, e.g. "https://wall.example.com".
   * The page's own origin (when its Host is one the server answers) and
   * localhost/127.0.0.1/[::1] on any port are always allowed. A request
   * with no Origin header (not a browser) is allowed.
   */
  allowedOrigins: readonly string[];
  /** When set, every upgrade must carry it: `?token=` on the URL or `Authorization: Bearer`. */
  token: string | null;
  maxClients: number;
  /** Per address; an IPv6 /64 counts as one address. */
  maxClientsPerIp: number;
}

export type UpgradeVerdict = { ok: true } | { ok: false; status: number; reason: string };

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1']);

/**
 * Decides at the upgrade, before any data is sent, whether a WebSocket may
 * open: Origin allowlist (403), token (401), connection limits (503 overall,
 * 429 per address). The Host header was already checked (host-policy.ts).
 * Tokens are compared in constant time and never logged.
 */
export class UpgradePolicy {
  private readonly perIp = new Map<string, number>();
  private total = 0;
  private readonly allowed: ReadonlySet<string>;

  constructor(private readonly options: UpgradePolicyOptions) {
    this.allowed = new Set(options.allowedOrigins.map((o) => o.toLowerCase().replace(/\/$/, '')));
  }

  check(req: IncomingMessage, query: URLSearchParams): UpgradeVerdict {
    const origin = req.headers.origin;
    if (origin !== undefined && !this.originAllowed(origin, req.headers.host)) return { ok: false, status: 403, reason: 'Forbidden' };
    if (this.options.token !== null && !this.tokenMatches(req, query)) return { ok: false, status: 401, reason: 'Unauthorized' };
    if (this.total >= this.options.maxClients) return { ok: false, status: 503, reason: 'Service Unavailable' };
    if ((this.perIp.get(addressGroup(req.socket.remoteAddress)) ?? 0) >= this.options.maxClientsPerIp) return { ok: false, status: 429, reason: 'Too Many Requests' };
    return { ok: true };
  }

  /** Counts a connection; call the returned function when it closes. */
  admit(req: IncomingMessage): () => void {
    const ip = addressGroup(req.socket.remoteAddress);
    this.total++;
    this.perIp.set(ip, (this.perIp.get(ip) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      const left = (this.perIp.get(ip) ?? 1) - 1;
      if (left > 0) this.perIp.set(ip, left);
      else this.perIp.delete(ip);
    };
  }

  private originAllowed(origin: string, host: string | undefined): boolean {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    if (host !== undefined && url.host === host.toLowerCase()) return true;
    if (LOCAL_HOSTS.has(hostnameOf(url.host) ?? '')) return true;
    return this.allowed.has(url.origin.toLowerCase());
  }

  private tokenMatches(req: IncomingMessage, query: URLSearchParams): boolean {
    const header = req.headers.authorization;
    // Authentication schemes are case-insensitive (RFC 9110 11.1).
    const fromHeader = header && /^bearer /i.test(header) ? header.slice(7) : null;
    const given = Buffer.from(query.get('token') ?? fromHeader ?? '');
    const expected = Buffer.from(this.options.token!);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
