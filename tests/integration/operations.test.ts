import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestClient } from '../support/ws-test-client.ts';
import { startTestFeed, type TestFeed } from '../support/test-feed.ts';

let feed: TestFeed;
let clients: TestClient[];

beforeEach(async () => {
  feed = await startTestFeed();
  clients = [];
});
afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await feed.close();
});

async function get(path: string, method = 'GET'): Promise<{ status: number; type: string | null; body: string }> {
  const response = await fetch(`${feed.server.url}${path}`, { method });
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
}

/** One sample's value from the Prometheus text, e.g. metric('tickwall_clients') or metric('tickwall_resumes_total{outcome="recovered"}'). */
function metric(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`${name} is not in the metrics:\n${text.slice(0, 2000)}`);
  return Number(line.slice(name.length + 1));
}

describe('operations endpoints', () => {
  it('/healthz says the process is ready and what it serves', async () => {
    const health = await get('/healthz');
    expect(health.status).toBe(200);
    expect(health.type).toBe('application/json; charset=utf-8');
    expect(JSON.parse(health.body)).toEqual({ status: 'ready', problems: [], role: 'serve', mode: 'live', epoch: 'test-epoch', seq: 0, clients: 0, lagSeconds: null });
    expect((await get('/healthz', 'HEAD')).body).toBe('');
  });

  it('/metrics counts clients, groups, batches and bytes sent, and resume outcomes by reason', async () => {
    const client = await TestClient.connect(feed.server.url);
    clients.push(client);
    await client.next('hello');
    client.send({ type: 'subscribe', symbols: ['AAPL', 'MSFT'] });
    await client.next('snapshot');
    for (let i = 0; i < 5; i++) {
      feed.step();
      await client.next('ticks');
    }
    const stale = await TestClient.connect(feed.server.url);
    clients.push(stale);
    await stale.next('hello');
    stale.send({ type: 'resume', epoch: 'an-old-epoch', seq: 3, symbols: ['AAPL'] });
    expect(await stale.next('resumed')).toMatchObject({ recovered: false, reason: 'epoch changed' });

    const scraped = await get('/metrics');
    expect(scraped.status).toBe(200);
    expect(scraped.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = scraped.body;
    expect(metric(text, 'tickwall_clients')).toBe(2);
    expect(metric(text, 'tickwall_subscription_groups')).toBe(2);
    expect(metric(text, 'tickwall_stream_seq')).toBe(5);
    expect(metric(text, 'tickwall_batches_sent_total')).toBe(5);
    expect(metric(text, 'tickwall_bytes_sent_total{kind="batch"}')).toBeGreaterThan(5 * 20);
    expect(metric(text, 'tickwall_bytes_sent_total{kind="other"}')).toBeGreaterThan(0);
    expect(metric(text, 'tickwall_resumes_total{outcome="epoch_changed"}')).toBe(1);
    expect(metric(text, 'tickwall_slow_consumer_drops_total')).toBe(0);
    expect(metric(text, 'tickwall_process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});
