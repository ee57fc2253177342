import { describe, expect, it } from 'vitest';
import { FairWorkQueue } from '../../feed/work-queue.ts';

const idle = () => new Promise((resolve) => setImmediate(resolve));
async function drain(queue: FairWorkQueue): Promise<void> {
  for (let i = 0; i < 1000 && queue.size > 0; i++) await idle();
}

describe('FairWorkQueue', () => {
  it('runs work later, in order per owner, taking turns between addresses', async () => {
    let clock = 0;
    const queue = new FairWorkQueue({ sliceMs: 1000, maxPerOwner: 10, costPerSecond: 1000, costBurst: 1000 }, undefined, () => clock);
    const ran: string[] = [];
    const [a, b] = [{}, {}];
    for (const n of [1, 2, 3]) queue.submit(a, 'flooder', 1, () => ran.push(`a${n}`));
    queue.submit(b, 'normal', 1, () => ran.push('b1'));
    expect(ran).toEqual([]);
    await drain(queue);
    expect(ran).toEqual(['a1', 'b1', 'a2', 'a3']);
  });

  it('yields to the event loop after each slice of work', async () => {
    let clock = 0;
    const queue = new FairWorkQueue({ sliceMs: 5, maxPerOwner: 100, costPerSecond: 1000, costBurst: 1000 }, undefined, () => clock);
    let ran = 0;
    for (let i = 0; i < 10; i++) queue.submit({}, `address-${i}`, 1, () => ((clock += 2), ran++));
    await idle();
    expect(ran).toBe(3); // 2 + 2 + 2 ms passes the 5 ms slice
    await drain(queue);
    expect(ran).toBe(10);
  });

  it('refuses beyond the per-connection limit, and forgets a cancelled owner', async () => {
    const queue = new FairWorkQueue({ sliceMs: 5, maxPerOwner: 2, costPerSecond: 1000, costBurst: 1000 });
    const [a, b] = [{}, {}];
    let ran = 0;
    const task = () => ran++;
    expect([queue.submit(a, 'x', 1, task), queue.submit(a, 'x', 1, task), queue.submit(a, 'x', 1, task)]).toEqual([true, true, false]);
    expect(queue.submit(b, 'x', 1, task)).toBe(true);
    queue.cancel(a);
    expect(queue.size).toBe(1);
    await drain(queue);
    expect(ran).toBe(1);
  });

  it('takes the connections of one address in turns', async () => {
    let clock = 0;
    const queue = new FairWorkQueue({ sliceMs: 1000, maxPerOwner: 10, costPerSecond: 1000, costBurst: 1000 }, undefined, () => clock);
    const ran: string[] = [];
    const [flooder, honest] = [{}, {}];
    for (const n of [1, 2, 3]) queue.submit(flooder, 'proxy', 1, () => ran.push(`f${n}`));
    queue.submit(honest, 'proxy', 1, () => ran.push('h1'));
    await drain(queue);
    expect(ran).toEqual(['f1', 'h1', 'f2', 'f3']);
  });

  it('reports a task that throws and carries on', async () => {
    const errors: unknown[] = [];
    const queue = new FairWorkQueue(undefined, (error) => errors.push(error));
    let ran = false;
    queue.submit({}, 'x', 1, () => {
      throw new Error('bug');
    });
    queue.submit({}, 'x', 1, () => (ran = true));
    await drain(queue);
    expect(errors).toHaveLength(1);
    expect(ran).toBe(true);
  });

  it('holds an address to its work budget: its tasks wait for tokens while another address goes on', async () => {
    let clock = 0;
    const queue = new FairWorkQueue({ sliceMs: 1000, maxPerOwner: 10, costPerSecond: 100, costBurst: 100 }, undefined, () => clock);
    const ran: string[] = [];
    for (const n of [1, 2, 3]) queue.submit({}, 'flooder', 60, () => ran.push(`f${n}`));
    queue.submit({}, 'normal', 60, () => ran.push('n1'));
    await idle();
    expect(ran).toEqual(['f1', 'n1']); // f2 needs 60 tokens; 40 are left
    clock += 200; // 20 tokens more
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(ran).toEqual(['f1', 'n1', 'f2']);
    clock += 600;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(ran).toEqual(['f1', 'n1', 'f2', 'f3']);
  });
});
