/**
 * The dashboard as a tutorial would write it, the baseline bench:web measures
 * against: JSON over a plain WebSocket, the whole table re-rendered with
 * innerHTML on every message, and chart.js with its defaults (parsing on,
 * animation on, update() per message). Same feed, same symbols, same
 * 10,000-point histories as the real dashboard's bench page.
 */
import { Chart, LinearScale, LineController, LineElement, PointElement, TimeScale } from 'chart.js';
import 'chartjs-adapter-date-fns';
import type { Quote, ServerMessage } from '../../shared/protocol.ts';
import { applyPalette, PALETTE } from '../../web/src/lib/palette.ts';
import { Probe } from './probe.ts';
import { CHART_POINTS, seededHistory } from './seeded-history.ts';

Chart.register(LineController, LineElement, PointElement, LinearScale, TimeScale);

interface Row {
  symbol: string;
  prevClose: number;
  last: number | null;
  bid: number | null;
  ask: number | null;
  volume: number;
}

applyPalette();
const symbols = (new URLSearchParams(location.search).get('symbols') ?? '').split(',').filter(Boolean);
const rows = new Map<string, Row>();
const canvases = [...document.querySelectorAll('canvas')];
const charted = symbols.slice(0, canvases.length);
const charts = new Map<string, Chart<'line', { x: number; y: number }[]>>();
const probe = new Probe(() => [...charts.values()].map((chart) => chart.data.datasets[0]!.data.length));
const tbody = document.getElementById('rows')!;

function render(): void {
  let html = '';
  for (const row of rows.values()) {
    const change = row.last === null ? null : row.last - row.prevClose;
    const direction = change === null || change === 0 ? '' : change > 0 ? 'up' : 'down';
    html += `<tr><td>${row.symbol}</td><td>${row.last?.toFixed(2) ?? '—'}</td><td class="${direction}">${change?.toFixed(2) ?? '—'}</td>`;
    html += `<td class="${direction}">${change === null ? '—' : ((change / row.prevClose) * 100).toFixed(2)}%</td>`;
    html += `<td>${row.bid?.toFixed(2) ?? '—'}</td><td>${row.ask?.toFixed(2) ?? '—'}</td><td>${row.volume.toLocaleString()}</td></tr>`;
  }
  tbody.innerHTML = html;
  for (const chart of charts.values()) chart.update();
}

function createCharts(quotes: readonly Quote[]): void {
  charted.forEach((symbol, i) => {
    const last = quotes.find((q) => q.symbol === symbol)?.last ?? 100;
    const data = seededHistory(i + 1, Date.now(), last).map((p) => ({ x: p.time, y: p.price }));
    charts.set(
      symbol,
      new Chart(canvases[i]!, {
        type: 'line',
        data: { datasets: [{ label: symbol, data, borderColor: PALETTE.up, borderWidth: 1.5, pointRadius: 0 }] },
        options: { responsive: true, maintainAspectRatio: false, scales: { x: { type: 'time' } } },
      }),
    );
  });
  probe.ready = true;
}

const socket = new WebSocket(`ws://${location.host}/ws`);
socket.onmessage = (event) => {
  const message = JSON.parse(event.data as string) as ServerMessage;
  if (message.type === 'hello') {
    for (const meta of message.symbols) {
      if (symbols.includes(meta.symbol)) rows.set(meta.symbol, { symbol: meta.symbol, prevClose: meta.prevClose ?? 0, last: null, bid: null, ask: null, volume: 0 });
    }
    socket.send(JSON.stringify({ type: 'subscribe', symbols }));
  } else if (message.type === 'snapshot') {
    for (const quote of message.quotes) Object.assign(rows.get(quote.symbol) ?? {}, { last: quote.last, bid: quote.bid, ask: quote.ask, volume: quote.volume });
    if (charts.size === 0) createCharts(message.quotes);
    render();
  } else if (message.type === 'ticks') {
    for (const tick of message.ticks) {
      const row = rows.get(tick.symbol);
      if (!row) continue;
      row.last = tick.price;
      row.volume += tick.size;
      if (tick.bid !== undefined) row.bid = tick.bid;
      if (tick.ask !== undefined) row.ask = tick.ask;
      const data = charts.get(tick.symbol)?.data.datasets[0]!.data;
      if (data) {
        data.push({ x: tick.time, y: tick.price });
        if (data.length > CHART_POINTS) data.shift();
      }
    }
    render();
    probe.applied(message.ticks.map((t) => t.time));
  }
};
