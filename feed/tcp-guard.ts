import type { Socket } from 'node:net';
import { addressGroup } from './address-group.ts';

export interface TcpLimits {
  /**
   * Open TCP connections in all (page loads, WebSockets, half-open requests).
   * At the limit, the oldest connection still waiting for its first request
   * is dropped to make room; if every connection is busy, the new one is.
   */
  maxConnections: number;
  /** Open TCP connections from one address (an IPv6 /64 counts as one); beyond it new ones are dropped at once. */
  maxPerAddress: number;
}

/**
 * Admission of TCP connections, before any byte is parsed. A flood of
 * half-open requests from one address is stopped by the per-address cap; a
 * flood from many addresses pushes out the oldest idle connections rather
 * than locking out new clients (the header timeout frees them soon anyway).
 */
export class TcpGuard {
  private readonly perAddress = new Map<string, number>();
  /** Connections that have not yet sent a complete request, oldest first. */
  private readonly waiting = new Set<Socket>();
  private open = 0;
  private dropped = 0;

  constructor(private readonly limits: TcpLimits) {}

  get openConnections(): number {
    return this.open;
  }

  /** Connections refused or evicted so far. */
  get droppedConnections(): number {
    return this.dropped;
  }

  /** Call on the server's 'connection' event; destroys the socket (or an older idle one) when over a limit. */
  admit(socket: Socket): void {
    const group = addressGroup(socket.remoteAddress);
    const fromGroup = this.perAddress.get(group) ?? 0;
    if (fromGroup >= this.limits.maxPerAddress) return this.refuse(socket);
    if (this.open >= this.limits.maxConnections) {
      const oldest = this.waiting.values().next().value;
      if (!oldest) return this.refuse(socket);
      this.waiting.delete(oldest);
      this.dropped++;
      oldest.destroy();
    }
    this.open++;
    this.perAddress.set(group, fromGroup + 1);
    this.waiting.add(socket);
    socket.once('close', () => {
      this.open--;
      this.waiting.delete(socket);
      const left = (this.perAddress.get(group) ?? 1) - 1;
      if (left > 0) this.perAddress.set(group, left);
      else this.perAddress.delete(group);
    });
  }

  /** The connection has sent a complete request (or upgraded): it is no longer a candidate for eviction. */
  markActive(socket: Socket): void {
    this.waiting.delete(socket);
  }

  private refuse(socket: Socket): void {
    this.dropped++;
    socket.destroy();
  }
}
