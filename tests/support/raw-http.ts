import { connect, type Socket } from 'node:net';

export interface RawResponse {
  /** The status code, or null if the server closed without answering. */
  status: number | null;
  head: string;
}

/**
 * Sends bytes exactly as given over a fresh TCP connection and reads until
 * the server closes or `timeoutMs` passes: requests no HTTP client library
 * would send (malformed targets, absurd headers, half-sent requests).
 */
export function rawRequest(port: number, bytes: string | Buffer, { timeoutMs = 2000, localAddress }: { timeoutMs?: number; localAddress?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1', ...(localAddress ? { localAddress } : {}) });
    let received = '';
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(received);
      resolve({ status: match ? Number(match[1]) : null, head: received.split('\r\n\r\n')[0] ?? '' });
    };
    const timer = setTimeout(finish, timeoutMs);
    // A response to HEAD has no body, whatever its Content-Length says.
    const headOnly = bytes.toString().startsWith('HEAD ');
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      // One response is all any of these requests get.
      if (/\r\n\r\n/.test(received) && !/\r\nTransfer-Encoding: chunked/i.test(received)) {
        const length = /\r\nContent-Length: (\d+)/i.exec(received);
        const body = received.split('\r\n\r\n').slice(1).join('\r\n\r\n');
        if (headOnly || !length || body.length >= Number(length[1])) finish();
      }
    });
    socket.on('error', finish);
    socket.on('close', finish);
  });
}

/** Opens a TCP connection that sends part of a request and then nothing: a half-open request. */
export function halfOpen(port: number, localAddress?: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', ...(localAddress ? { localAddress } : {}) });
    socket.on('connect', () => {
      socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      resolve(socket);
    });
    socket.on('error', (error) => reject(error));
  });
}

export function header(head: string, name: string): string | undefined {
  const match = new RegExp(`\\r\\n${name}: ([^\\r]*)`, 'i').exec(head);
  return match?.[1];
}
