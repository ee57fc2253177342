import { TokenBucket } from './rate-limiter.ts';

/**
 * Where client requests that cost real work (subscribe and its snapshots,
 * resume and its replay, history) wait their turn. A per-connection budget
 * cannot protect the server from many connections (200 from one address,
 * each within its budget, stalled the feed for everyone): the work has to
 * be shared out across addresses and time-sliced against the stream itself.
 */
export interface WorkQueue {
  /**
   * Runs `task` for `owner` (a connection) from `address`, after the work
   * queued before it and when the address's budget allows `cost` more;
   * false, not queued, when its queues are full.
   */
  submit(owner: object, address: string, cost: number, task: () => void): boolean;
  /** Drops what an owner still has queued (it disconnected). */
  cancel(owner: object): void;
}

/** Runs every task at once: for unit tests of a connection on its own, where there is nobody to share with. */
export const inlineWorkQueue: WorkQueue = {
  submit(_owner, _address, _cost, task) {
    task();
    return true;
  },
  cancel() {},
};

export interface FairWorkLimits {
  /** Work run back to back before the event loop gets a turn (batches, socket writes, timers). */
  sliceMs: number;
  /**
   * Requests one connection may have waiting; beyond, refused. What one
   * address may have waiting is this times its connections (at most
   * --max-clients-per-ip): a NAT or a reverse proxy puts many honest clients
   * behind one address, and a burst of their subscribes must not be refused.
   */
  maxPerOwner: number;
  /**
   * Work one address may cause per second, over all its connections, in
   * units of about one symbol (a request costs its size in bytes / 8): it
   * bounds the snapshots and replays one address can make the server build
   * and send. Work beyond it waits in the queue (until the queue is full).
   */
  costPerSecond: number;
  costBurst: number;
}

export const DEFAULT_FAIR_WORK_LIMITS: FairWorkLimits = { sliceMs: 4, maxPerOwner: 8, costPerSecond: 100_000, costBurst: 100_000 };

interface Task {
  cost: number;
  run: () => void;
}

/** One address's waiting work, by owner (connection), taken in turns. */
interface AddressQueue {
  owners: Map<object, Task[]>;
  budget: TokenBucket;
}

/** How often a queue whose every address is out of budget looks again. */
const BUDGET_POLL_MS = 20;

/**
 * Round-robin across addresses, one task per address per turn, and within
 * an address across its connections; in slices of at most `sliceMs`; each
 * address within its work budget. One address flooding requests gets its
 * share of the spare time, not the event loop, and the stream's batches and
 * everybody else's requests go on between slices. A full queue refuses (the
 * caller answers rate_limited); nothing waits without bound.
 */
export class FairWorkQueue implements WorkQueue {
  private readonly queues = new Map<string, AddressQueue>();
  private readonly perOwner = new Map<object, number>();
  private scheduled = false;

  constructor(
    private readonly limits: FairWorkLimits = DEFAULT_FAIR_WORK_LIMITS,
    /** A task that throws is a bug: it is reported here and the queue goes on. */
    private readonly onError: (error: unknown) => void = (error) => console.error('tickwall: a queued request failed:', error),
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Requests waiting, in all. */
  get size(): number {
    let size = 0;
    for (const queued of this.perOwner.values()) size += queued;
    return size;
  }

  submit(owner: object, address: string, cost: number, run: () => void): boolean {
    const owned = this.perOwner.get(owner) ?? 0;
    if (owned >= this.limits.maxPerOwner) return false;
    let queue = this.queues.get(address);
    if (!queue) {
      // Budgets live as long as the address has work waiting: an address that comes back later starts with a full burst.
      queue = { owners: new Map(), budget: new TokenBucket(this.limits.costPerSecond, this.limits.costBurst, () => this.now()) };
      this.queues.set(address, queue);
    }
    let tasks = queue.owners.get(owner);
    if (!tasks) queue.owners.set(owner, (tasks = []));
    // A task bigger than the whole burst still runs, once the bucket is full.
    tasks.push({ cost: Math.min(Math.max(1, cost), this.limits.costBurst), run });
    this.perOwner.set(owner, owned + 1);
    this.schedule(0);
    return true;
  }

  cancel(owner: object): void {
    if (!this.perOwner.delete(owner)) return;
    for (const [address, queue] of this.queues) {
      queue.owners.delete(owner);
      if (queue.owners.size === 0) this.queues.delete(address);
    }
  }

  private schedule(delayMs: number): void {
    if (this.scheduled || this.queues.size === 0) return;
    this.scheduled = true;
    if (delayMs > 0) setTimeout(() => this.slice(), delayMs);
    else setImmediate(() => this.slice());
  }

  private slice(): void {
    this.scheduled = false;
    const deadline = this.now() + this.limits.sliceMs;
    let ranAny = true;
    while (ranAny && this.queues.size > 0 && this.now() < deadline) {
      ranAny = false;
      for (const [address, queue] of this.queues) {
        // The address's connection next in turn: the first in the map, which then goes to the back.
        const [owner, tasks] = queue.owners.entries().next().value!;
        const task = tasks[0]!;
        if (!queue.budget.take(task.cost)) continue;
        ranAny = true;
        tasks.shift();
        queue.owners.delete(owner);
        if (tasks.length > 0) queue.owners.set(owner, tasks);
        else if (queue.owners.size === 0) this.queues.delete(address);
        const owned = (this.perOwner.get(owner) ?? 1) - 1;
        if (owned > 0) this.perOwner.set(owner, owned);
        else this.perOwner.delete(owner);
        try {
          task.run();
        } catch (error) {
          this.onError(error);
        }
        if (this.now() >= deadline) break;
      }
    }
    // Work left: more right after the event loop's turn, or, if every address is out of budget, a little later.
    this.schedule(ranAny ? 0 : BUDGET_POLL_MS);
  }
}
