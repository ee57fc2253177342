/**
 * The tickwall wire protocol, declared once. Every message that crosses the
 * WebSocket is a zod schema here: TypeScript types are inferred from it, the
 * server validates untrusted client frames with it, and
 * `npm run gen:schema` derives docs/protocol.schema.json from it.
 */
import { z } from 'zod';
import { BAR_INTERVALS } from './bars/bar-interval.ts';
import { ErrorCode } from './error-codes.ts';
import { SYMBOL_PATTERN, SYMBOL_RULE } from './symbol.ts';

export const PROTOCOL_VERSION = 2;

/** Ticker symbols: upper-case letters, digits, `.` and `-` (e.g. `BRK.B`); see shared/symbol.ts. */
export const SymbolCode = z.string().regex(SYMBOL_PATTERN, SYMBOL_RULE).describe('Ticker symbol, e.g. "AAPL".');

/** Times are 1970 to 2100: anything else is a unit mistake (microseconds, seconds) or damage, not a date. */
export const MAX_EPOCH_MS = 4_102_444_800_000;
const EpochMs = z.number().int().nonnegative().max(MAX_EPOCH_MS).describe('Unix epoch milliseconds (UTC), 1970 to 2100.');
const Price = z.number().positive().describe('Price in the quote currency (USD).');

/** An opaque id of one continuous stream; it changes whenever the feed restarts. */
export const Epoch = z.string().min(1).max(64).describe('Id of one continuous stream; changes whenever the stream restarts.');

export const SymbolMeta = z
  .object({
    symbol: SymbolCode,
    name: z.string().describe('Company or instrument name.'),
    sector: z.string().describe('Sector name, e.g. "Technology".'),
    prevClose: Price.nullable().describe('Close of the session before the stream\'s first; null when unknown (e.g. an import without prior data).'),
    tickSize: Price.describe('Minimum price increment; every price is a multiple of it.'),
    lotSize: z.number().positive().optional().describe('Minimum size increment; every size is a multiple of it. Default 1 (whole shares).'),
    currency: z.string().min(1).max(12).optional().describe('What prices are quoted in, e.g. "USD". Default "USD".'),
    calendar: z.enum(['us-equity', '24x7']).optional().describe('The exchange calendar the symbol trades on: "us-equity" (NYSE hours and holidays, the default) or "24x7" (crypto, UTC).'),
    marketCap: z.number().positive().optional().describe('Approximate market capitalisation in USD, when known.'),
  })
  .meta({ id: 'SymbolMeta', description: 'Static description of one symbol in the universe.' });
export type SymbolMeta = z.infer<typeof SymbolMeta>;

export const Tick = z
  .object({
    symbol: SymbolCode,
    price: Price.describe('Trade price.'),
    size: z.number().positive().describe("Trade size, in units of the symbol's lot size (shares; fractions for crypto)."),
    time: EpochMs.describe('Trade time, Unix epoch milliseconds.'),
    bid: Price.optional().describe('Best bid after this trade.'),
    ask: Price.optional().describe('Best ask after this trade.'),
    volumeOnly: z
      .literal(true)
      .optional()
      .describe('A print that counts toward volume but does not set the last price, high or low (e.g. an intermarket sweep or an average-price trade).'),
  })
  .meta({ id: 'Tick', description: 'One trade (a print).' });
export type Tick = z.infer<typeof Tick>;

export const Quote = z
  .object({
    symbol: SymbolCode,
    last: Price.nullable().describe('Last price set by a trade, in any session (pre-market and after hours included); null before the first.'),
    bid: Price.nullable(),
    ask: Price.nullable(),
    day: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .nullable()
      .describe('The trading day (the exchange\'s local date) that open, high, low, close and volume are for; null before the first trade.'),
    open: Price.nullable().describe('First regular-session price of the day.'),
    high: Price.nullable().describe('Highest regular-session price of the day.'),
    low: Price.nullable().describe('Lowest regular-session price of the day.'),
    close: Price.nullable().describe('Latest regular-session price of the day: its close once the session has ended.'),
    prevClose: Price.nullable().describe('The previous trading day\'s close: change and % change are measured against it. Null when unknown; then measure from open.'),
    volume: z.number().nonnegative().describe('Volume of the day\'s regular session, in lots (shares).'),
    time: EpochMs.nullable().describe('Time of the last trade.'),
  })
  .meta({ id: 'Quote', description: 'Full current state of one symbol: its last price and the day\'s statistics (regular session, as daily bars count them).' });
export type Quote = z.infer<typeof Quote>;

export const FeedMode = z.enum(['live', 'replay']);
export type FeedMode = z.infer<typeof FeedMode>;

export const TimeRange = z
  .object({ start: EpochMs, end: EpochMs })
  .meta({ id: 'TimeRange', description: 'First and last tick times of a recording, epoch ms.' });
export type TimeRange = z.infer<typeof TimeRange>;

export const MIN_REPLAY_SPEED = 0.25;
export const MAX_REPLAY_SPEED = 1000;
export const ReplaySpeed = z
  .union([z.number().min(MIN_REPLAY_SPEED).max(MAX_REPLAY_SPEED), z.literal('max')])
  .describe('Playback rate: 0.25x to 1000x recorded time, or "max" for as fast as the server can send.');
export type ReplaySpeed = z.infer<typeof ReplaySpeed>;

export const BarInterval = z.enum(BAR_INTERVALS).describe('Bar length: 1s, 1m, 5m, 15m, 30m, 1h or 1d (a trading day).');

export const BarColumns = z
  .object({
    time: z.array(EpochMs).describe('Start of each bar: intraday bars are aligned to the exchange\'s local midnight; a daily bar starts at local midnight of its trading day.'),
    open: z.array(Price.nullable()).describe('Null where the bar holds only prints that set no price (volumeOnly).'),
    high: z.array(Price.nullable()),
    low: z.array(Price.nullable()),
    close: z.array(Price.nullable()),
    volume: z.array(z.number().nonnegative()).describe('In lots (shares).'),
    count: z.array(z.number().int().nonnegative()).describe('Prints in the bar.'),
    vwap: z.array(Price.nullable()).describe('Volume-weighted average price of the bar\'s prints.'),
  })
  .meta({
    id: 'BarColumns',
    description:
      'OHLCV bars as columns, oldest first: one array per field, all of the same length (uPlot\'s layout). Intraday bars count every print in every session; daily bars count the regular session, as the day\'s statistics in a Quote do.',
  });
export type BarColumns = z.infer<typeof BarColumns>;

// ---- server to client -------------------------------------------------------

export const HelloMessage = z
  .object({
    type: z.literal('hello'),
    protocol: z.literal(PROTOCOL_VERSION).describe('Protocol version; incompatible changes bump it.'),
    serverTime: EpochMs.describe('Server clock when the connection opened.'),
    mode: FeedMode.describe('"live" for the simulator, "replay" for a recording.'),
    epoch: Epoch,
    batchIntervalMs: z.number().int().positive().describe('How long the server gathers ticks into one batch.'),
    heartbeatMs: z
      .number()
      .int()
      .positive()
      .describe('The server sends something (at least a heartbeat) this often; treat 3x this plus a second of silence as a dead link.'),
    timeZone: z.string().describe('IANA zone of the exchange, for displaying times, e.g. "America/New_York".'),
    symbols: z.array(SymbolMeta).describe('Every symbol a client may subscribe to.'),
    range: TimeRange.optional().describe('In replay: the recording\'s time range.'),
  })
  .meta({ id: 'HelloMessage', description: 'First message on every connection.' });
export type HelloMessage = z.infer<typeof HelloMessage>;

export const SnapshotMessage = z
  .object({
    type: z.literal('snapshot'),
    epoch: Epoch,
    seq: z.number().int().nonnegative().describe('The last batch seq already reflected in these quotes.'),
    quotes: z.array(Quote),
    conflated: z
      .literal(true)
      .optional()
      .describe('Sent after a slow connection drained: batches in between were dropped and these quotes replace them.'),
  })
  .meta({ id: 'SnapshotMessage', description: 'Full state of each newly subscribed symbol, sent in reply to subscribe.' });
export type SnapshotMessage = z.infer<typeof SnapshotMessage>;

export const TicksMessage = z
  .object({
    type: z.literal('ticks'),
    epoch: Epoch,
    seq: z
      .number()
      .int()
      .positive()
      .describe('Feed-wide batch number; rises by one per batch, so one client sees increasing, non-contiguous values.'),
    ticks: z.array(Tick).min(1).describe('The subscribed symbols\' trades in this batch, in time order.'),
  })
  .meta({ id: 'TicksMessage', description: 'One batch of trades for the symbols this client subscribed to.' });
export type TicksMessage = z.infer<typeof TicksMessage>;

export const ErrorMessage = z
  .object({
    type: z.literal('error'),
    code: z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]).describe('Stable machine-readable code.'),
    message: z.string().describe('Human-readable explanation.'),
    symbols: z.array(z.string()).optional().describe('The offending symbols, for unknown_symbol.'),
  })
  .meta({ id: 'ErrorMessage', description: 'A request was rejected; the connection stays open.' });
export type ErrorMessage = z.infer<typeof ErrorMessage>;

export const HeartbeatMessage = z
  .object({
    type: z.literal('heartbeat'),
    time: EpochMs.describe('Server clock.'),
    seq: z.number().int().nonnegative().describe('The feed\'s latest batch seq (the client may have seen fewer: it only gets its symbols).'),
    stale: z
      .string()
      .max(200)
      .optional()
      .describe('Present while this server cannot serve live data (an edge that lost Redis or the feed): why, in words. Show the data as stale until a heartbeat without it.'),
  })
  .meta({ id: 'HeartbeatMessage', description: 'Sent every hello.heartbeatMs so a quiet feed is told apart from a dead link.' });
export type HeartbeatMessage = z.infer<typeof HeartbeatMessage>;

export const ResumedMessage = z
  .object({
    type: z.literal('resumed'),
    recovered: z.boolean().describe('True: every batch after the requested seq was replayed. False: a snapshot follows instead.'),
    epoch: Epoch.describe('The current epoch.'),
    seq: z.number().int().nonnegative().describe('The feed\'s seq at the moment of resuming; live batches continue after it.'),
    reason: z.string().optional().describe('Why recovery was not possible, e.g. "epoch changed", "too old", "seq from the future".'),
  })
  .meta({ id: 'ResumedMessage', description: 'The answer to resume: sent after the missed batches (recovered) or before a fresh snapshot (not recovered).' });
export type ResumedMessage = z.infer<typeof ResumedMessage>;

export const ReplayStatusMessage = z
  .object({
    type: z.literal('replay'),
    epoch: Epoch,
    state: z.enum(['playing', 'paused', 'ended']),
    speed: ReplaySpeed,
    position: EpochMs.describe('The replay clock: recorded time up to which batches have been sent.'),
    range: TimeRange,
    controllable: z.boolean().describe('False when the server was started with --no-control.'),
  })
  .meta({
    id: 'ReplayStatusMessage',
    description: 'Replay only: the shared replay clock. Sent after hello, on every change, and once a second while playing.',
  });
export type ReplayStatusMessage = z.infer<typeof ReplayStatusMessage>;

export const BarsMessage = z
  .object({
    type: z.literal('bars'),
    id: z.string().optional().describe('The id of the history request answered; absent for session history sent with a snapshot.'),
    epoch: Epoch,
    seq: z.number().int().nonnegative().describe('The last batch seq already reflected in these bars: apply only ticks after it.'),
    interval: BarInterval,
    series: z.array(z.object({ symbol: SymbolCode, bars: BarColumns })).describe('One entry per symbol asked for that the feed knows, in the order asked.'),
  })
  .meta({
    id: 'BarsMessage',
    description: 'History: the answer to a history request, or a symbol\'s session sent after its snapshot when subscribe asked for it. Its last bar is the current one; ticks after `seq` update it and open new ones by the same rule.',
  });
export type BarsMessage = z.infer<typeof BarsMessage>;

export const ServerMessage = z
  .discriminatedUnion('type', [HelloMessage, SnapshotMessage, TicksMessage, BarsMessage, ErrorMessage, ReplayStatusMessage, HeartbeatMessage, ResumedMessage])
  .meta({ id: 'ServerMessage', description: 'Any message the server sends.' });
export type ServerMessage = z.infer<typeof ServerMessage>;

// ---- client to server -------------------------------------------------------

/** Caps one request so a single frame cannot ask for unbounded work. */
export const MAX_SYMBOLS_PER_REQUEST = 5000;

const SymbolList = z.array(SymbolCode).min(1).max(MAX_SYMBOLS_PER_REQUEST);

export const SessionHistory = z
  .object({
    interval: BarInterval.describe('Bar length for the session, e.g. "5m" for a sparkline.'),
    symbols: SymbolList.optional().describe('Only these of the symbols named (default: all of them), e.g. a wall\'s tiles but not its heatmap.'),
  })
  .meta({ id: 'SessionHistory', description: 'The bars of the current (or last) trading day, from its first print, sent after the snapshot.' });

export const SubscribeMessage = z
  .object({
    type: z.literal('subscribe'),
    symbols: SymbolList,
    history: SessionHistory.optional().describe('Also send each new symbol\'s session as bars, after its snapshot, and again after every new epoch.'),
  })
  .meta({ id: 'SubscribeMessage', description: 'Start receiving ticks for these symbols; answered by a snapshot (and the session\'s bars if asked).' });
export type SubscribeMessage = z.infer<typeof SubscribeMessage>;

export const UnsubscribeMessage = z
  .object({ type: z.literal('unsubscribe'), symbols: SymbolList })
  .meta({ id: 'UnsubscribeMessage', description: 'Stop receiving ticks for these symbols.' });
export type UnsubscribeMessage = z.infer<typeof UnsubscribeMessage>;

export const ResumeMessage = z
  .object({
    type: z.literal('resume'),
    epoch: Epoch.describe('The epoch of the last batch this client received.'),
    seq: z.number().int().nonnegative().describe('The seq of the last batch this client received.'),
    symbols: SymbolList.describe('The symbols to (re)subscribe to.'),
    history: SessionHistory.optional().describe('As in subscribe; when the missed batches cannot be replayed, the session\'s bars follow the fresh snapshots.'),
  })
  .meta({
    id: 'ResumeMessage',
    description: 'After a reconnect: subscribe to these symbols and replay what was missed since {epoch, seq}, if the server still has it.',
  });
export type ResumeMessage = z.infer<typeof ResumeMessage>;

/** Bars one history request may ask for per symbol, and symbols per request. */
export const MAX_HISTORY_BARS = 10_000;
export const MAX_HISTORY_SYMBOLS = 100;

export const HistoryMessage = z
  .object({
    type: z.literal('history'),
    id: z.string().min(1).max(64).describe('Chosen by the client; the bars message answering it carries it.'),
    symbols: z.array(SymbolCode).min(1).max(MAX_HISTORY_SYMBOLS),
    interval: BarInterval,
    from: EpochMs.optional().describe('Bars starting at or after this time.'),
    to: EpochMs.optional().describe('Bars starting before this time (default: up to now, the current bar included).'),
    limit: z.number().int().min(1).max(MAX_HISTORY_BARS).optional().describe('At most this many bars per symbol, the newest (default 1,000).'),
  })
  .meta({
    id: 'HistoryMessage',
    description: 'Ask for bars, as vendor APIs do (Binance klines, Alpaca and Polygon aggregates): by symbols, interval, and a time range and/or a count. Answered by one bars message with the same id.',
  });
export type HistoryMessage = z.infer<typeof HistoryMessage>;

export const ControlMessage = z
  .discriminatedUnion('action', [
    z.object({ type: z.literal('control'), action: z.literal('play') }),
    z.object({ type: z.literal('control'), action: z.literal('pause') }),
    z.object({ type: z.literal('control'), action: z.literal('step').describe('Send the next batch, then stay paused.') }),
    z.object({ type: z.literal('control'), action: z.literal('seek'), time: EpochMs.describe('Recorded time to continue from.') }),
    z.object({ type: z.literal('control'), action: z.literal('speed'), speed: ReplaySpeed }),
  ])
  .meta({ id: 'ControlMessage', description: 'Replay only: steer the shared replay clock (affects every viewer).' });
export type ControlMessage = z.infer<typeof ControlMessage>;

export const ClientMessage = z
  .union([SubscribeMessage, UnsubscribeMessage, ResumeMessage, HistoryMessage, ControlMessage])
  .meta({ id: 'ClientMessage', description: 'Any message a client may send.' });
export type ClientMessage = z.infer<typeof ClientMessage>;

/** Each client message type's schema, so a decoder can explain a bad field precisely. */
export const CLIENT_MESSAGE_SCHEMAS = {
  subscribe: SubscribeMessage,
  unsubscribe: UnsubscribeMessage,
  resume: ResumeMessage,
  history: HistoryMessage,
  control: ControlMessage,
} as const satisfies Record<ClientMessage['type'], z.ZodType<ClientMessage>>;
