import { BINARY_SUBPROTOCOL, BinaryTicksCodec } from '../../shared/codec/binary-ticks-codec.ts';
import type { ReplayStatus, StreamStart } from '../stream.ts';
import type { BusConsumer } from './bus.ts';
import type { RedisClient } from './redis-client.ts';
import { RESP_TYPES } from 'redis';
import { decodeStreamStart } from './stream-start-codec.ts';

interface Keys {
  stream: string;
  meta: string;
  behind: string;
}

interface ReaderOptions {
  readCount: number;
  blockMs: number;
}

type Entry = [id: string, fields: string[]];
/** An XREAD reply: per stream its entries, as RESP2 arrays or (RESP3) a map by stream name. */
type XReadReply = [string, Entry[]][] | Record<string, Entry[]> | null;

function entriesOf(reply: XReadReply, stream: string): Entry[] {
  if (!reply) return [];
  if (Array.isArray(reply)) return reply.find(([name]) => name === stream)?.[1] ?? [];
  return reply[stream] ?? [];
}

/** How long a "behind" mark lives unless renewed: an edge that died stops holding the producer back. */
const BEHIND_MARK_MS = 2000;
/** A producer silent this long (no batch and no sign of life) is reported as gone. */
const PRODUCER_SILENCE_MS = 3000;

/**
 * One consumer's view of the stream: starts from the newest checkpoint,
 * then reads the stream after it in order, a bounded number of entries per
 * round trip, on a connection of its own (a blocking read holds it). A
 * reset entry brings the new epoch's checkpoint. Anything that does not
 * follow on (a gap: the stream was trimmed past this reader, or Redis lost
 * it) makes it start again from the newest checkpoint: the consumer gets a
 * fresh start, never a silent hole.
 */
export class RedisStreamReader {
  stopped = false;
  /** Seconds from a batch's entry in Redis to its delivery here, for the newest batch. */
  lagSeconds: number | null = null;
  done: Promise<void> = Promise.resolve();
  private reader: RedisClient | null = null;
  private epoch = '';
  private seq = 0;
  private lastId = '0-0';
  private codec: BinaryTicksCodec | null = null;
  private started = false;
  private markedBehind = false;
  private lastAnswerAt = Date.now();
  private producerAliveAt = Date.now();
  private watch: ReturnType<typeof setInterval> | null = null;
  /** When this reader was asked to consume: a stream that (re)started after it is read from that start, so nothing is skipped. */
  private readonly joinedAt = Date.now();

  constructor(
    private readonly client: RedisClient,
    private readonly keys: Keys,
    private readonly consumer: BusConsumer,
    private readonly options: ReaderOptions,
    private readonly id: string,
    private readonly log: (line: string) => void,
    private readonly usable: () => boolean,
  ) {}

  run(): void {
    this.watch = setInterval(() => void this.checkBehind(), 100);
    this.watch.unref?.();
    this.done = this.loop();
  }

  stop(): void {
    this.stopped = true;
    if (this.watch) clearInterval(this.watch);
    void this.client.zRem(this.keys.behind, this.id).catch(() => {});
    // A blocking read in flight ends when its connection does.
    void this.reader?.destroy();
  }

  replayStatus(status: ReplayStatus): void {
    if (!this.stopped) this.consumer.replayStatus(status);
  }

  /** Why this consumer is not serving live data now, or null. */
  problem(): string | null {
    const now = Date.now();
    // A blocking read answers within blockMs; 700 ms more is a Redis that is not answering (hung, or the link is).
    if (now - this.lastAnswerAt > this.options.blockMs + 700) return `Redis has not answered for ${((now - this.lastAnswerAt) / 1000).toFixed(1)} s`;
    if (!this.started) return 'waiting for the feed to start the stream';
    if (now - this.producerAliveAt > PRODUCER_SILENCE_MS) return `the feed has not been heard from for ${Math.round((now - this.producerAliveAt) / 1000)} s`;
    return null;
  }

  private async loop(): Promise<void> {
    this.reader = this.client.duplicate();
    this.reader.on('error', () => {});
    try {
      await this.reader.connect();
    } catch (error) {
      if (!this.stopped) this.log(`redis reader: ${(error as Error).message}`);
    }
    let needStart = true;
    while (!this.stopped) {
      try {
        if (needStart) {
          needStart = !(await this.loadCheckpoint());
          if (needStart) {
            await sleep(200);
            continue;
          }
        }
        const reply = (await this.reader.sendCommand(['XREAD', 'COUNT', String(this.options.readCount), 'BLOCK', String(this.options.blockMs), 'STREAMS', this.keys.stream, this.lastId])) as XReadReply;
        this.lastAnswerAt = Date.now();
        await this.readAlive();
        if (this.stopped) break;
        for (const [id, fields] of entriesOf(reply, this.keys.stream)) {
          if (!(await this.deliver(id, fieldsOf(fields)))) {
            needStart = true;
            break;
          }
        }
      } catch (error) {
        if (this.stopped) break;
        // Redis went away (or is restarting): the client reconnects by itself; read again from where this reader was.
        await sleep(200);
      }
    }
  }

  /**
   * Starts (again) from the newest checkpoint, or, the first time, from the
   * first start of the stream after this reader joined; false when the
   * stream has not started.
   */
  private async loadCheckpoint(): Promise<boolean> {
    if (!this.started && (await this.startFromFirstResetSinceJoining())) return true;
    const meta = (await this.client.hGetAll(this.keys.meta)) as Record<string, string>;
    this.lastAnswerAt = Date.now();
    if (!meta.checkpoint || !meta.checkpointId) return false;
    const encoded = await this.checkpoint(meta.checkpoint);
    if (!encoded) return false;
    this.begin(await decodeStreamStart(encoded), meta.checkpointId);
    this.producerAliveAt = Number(meta.alive ?? Date.now());
    return true;
  }

  private async startFromFirstResetSinceJoining(): Promise<boolean> {
    const entries = (await this.client.sendCommand(['XRANGE', this.keys.stream, `${this.joinedAt}-0`, '+', 'COUNT', String(this.options.readCount)])) as Entry[];
    const reset = entries.find(([, fields]) => fieldsOf(fields).get('k') === 'r');
    if (!reset) return false;
    const encoded = await this.checkpoint(fieldsOf(reset[1]).get('c')!);
    if (!encoded) return false;
    this.begin(await decodeStreamStart(encoded), reset[0]);
    return true;
  }

  private begin(start: StreamStart, id: string): void {
    if (!this.codec || this.consumerInfo !== start.info.symbols.map((s) => s.symbol).join()) {
      this.codec = new BinaryTicksCodec(start.info.symbols);
      this.consumerInfo = start.info.symbols.map((s) => s.symbol).join();
    }
    this.epoch = start.epoch;
    this.seq = start.seq;
    this.lastId = id;
    this.started = true;
    this.consumer.reset(start);
  }

  private consumerInfo = '';
  /** The last batch format refused, so a stream of them is reported once. */
  private refusedFormat: string | undefined = BINARY_SUBPROTOCOL;

  /** One entry; false when it does not follow on from what was delivered (start again from a checkpoint). */
  private async deliver(id: string, fields: Map<string, string>): Promise<boolean> {
    const kind = fields.get('k');
    const epoch = fields.get('e')!;
    const seq = Number(fields.get('s'));
    if (kind === 'r') {
      const encoded = await this.checkpoint(fields.get('c')!);
      if (!encoded) return false;
      this.begin(await decodeStreamStart(encoded), id);
      return true;
    }
    this.lastId = id;
    const format = fields.get('f');
    if (format !== BINARY_SUBPROTOCOL) {
      // A producer of another tickwall version: its batches cannot be read here. Say so once, serve nothing wrong.
      if (format !== this.refusedFormat) this.log(`redis reader: this stream's batches are written as ${format ?? 'tickwall.binary.v2 or older'}, and this process reads ${BINARY_SUBPROTOCOL}: run the feed and its edges at the same tickwall version`);
      this.refusedFormat = format;
      return true;
    }
    // Entries of an epoch this reader has left (or that a checkpoint already holds) are passed over.
    if (epoch !== this.epoch || seq <= this.seq) return true;
    if (seq !== this.seq + 1) {
      this.log(`redis reader: batch ${seq} follows ${this.seq}; starting again from the newest checkpoint`);
      return false;
    }
    const message = this.codec!.decode(Buffer.from(fields.get('d')!, 'base64'));
    this.seq = seq;
    this.lagSeconds = Math.max(0, (Date.now() - Number(id.split('-')[0])) / 1000);
    this.consumer.batch({ epoch, seq, time: Number(fields.get('t')), ticks: message.ticks });
    if (this.consumer.saturated() && !this.markedBehind) await this.markBehind();
    return true;
  }

  /** A checkpoint's bytes (raw, not text), or null when it has expired. */
  private async checkpoint(key: string): Promise<Buffer | null> {
    return (await this.client.sendCommand(['GET', key], { typeMapping: { [RESP_TYPES.BLOB_STRING]: Buffer } })) as Buffer | null;
  }

  private async readAlive(): Promise<void> {
    const alive = (await this.client.hGet(this.keys.meta, 'alive')) as string | null;
    if (alive) this.producerAliveAt = Number(alive);
  }

  private async markBehind(): Promise<void> {
    this.markedBehind = true;
    await this.client.zAdd(this.keys.behind, { score: Date.now() + BEHIND_MARK_MS, value: this.id }).catch(() => {});
  }

  /** Renews the mark while the consumer is behind, and lifts it as soon as it is not. */
  private async checkBehind(): Promise<void> {
    if (this.stopped || !this.usable()) return;
    const behind = this.consumer.saturated();
    if (behind) await this.markBehind();
    else if (this.markedBehind) {
      this.markedBehind = false;
      await this.client.zRem(this.keys.behind, this.id).catch(() => {});
    }
  }
}

function fieldsOf(flat: string[]): Map<string, string> {
  const fields = new Map<string, string>();
  for (let i = 0; i + 1 < flat.length; i += 2) fields.set(flat[i]!, flat[i + 1]!);
  return fields;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
