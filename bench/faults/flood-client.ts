/**
 * A flood of hostile clients in its own process, so that the harness
 * measuring a normal client beside it is not slowed by the attackers' own
 * work (parsing 600 KB hellos in the same event loop would be measured as
 * server latency). Runs until killed; prints how its connections ended.
 *
 *   tsx bench/faults/flood-client.ts URL MODE CONNECTIONS INTERVAL_MS [LOCAL_ADDRESS]
 *   MODE: subscribe (alternate subscribe/unsubscribe of every symbol, reading everything)
 *         resume (resume one symbol from seq 0, reading everything)
 */
import WebSocket from 'ws';

const [url, mode, connections, intervalMs, localAddress] = process.argv.slice(2);
const closes = new Map<number, number>();
const timers: NodeJS.Timeout[] = [];

for (let i = 0; i < Number(connections); i++) {
  const socket = new WebSocket(url!, localAddress ? { localAddress } : {});
  socket.once('message', (data: Buffer) => {
    // Only what the flood needs from the hello, without parsing 600 KB.
    const text = data.toString();
    const epoch = /"epoch":"([^"]+)"/.exec(text)?.[1] ?? '';
    const symbols = [...text.matchAll(/"symbol":"([^"]+)"/g)].map((m) => m[1]!);
    let on = false;
    timers.push(
      setInterval(() => {
        if (socket.readyState !== socket.OPEN) return;
        if (mode === 'resume') socket.send(JSON.stringify({ type: 'resume', epoch, seq: 0, symbols: symbols.slice(0, 1) }));
        else socket.send(JSON.stringify({ type: (on = !on) ? 'subscribe' : 'unsubscribe', symbols }));
      }, Number(intervalMs)),
    );
  });
  socket.on('close', (code) => closes.set(code, (closes.get(code) ?? 0) + 1));
  socket.on('error', () => {});
}

process.on('SIGTERM', () => {
  timers.forEach(clearInterval);
  console.log(JSON.stringify(Object.fromEntries(closes)));
  process.exit(0);
});
