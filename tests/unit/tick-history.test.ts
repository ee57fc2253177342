import { describe, expect, it } from 'vitest';
import { TickHistory } from '../../web/src/lib/tick-history.ts';

describe('TickHistory', () => {
  it('grows up to its capacity and then overwrites the oldest points', () => {
    const history = new TickHistory(5, 2);
    for (let i = 1; i <= 7; i++) history.push(i * 10, i, i * 100);
    expect(history.length).toBe(5);
    expect(history.totalAppended).toBe(7);
    expect([0, 1, 2, 3, 4].map((i) => history.timeAt(i))).toEqual([30, 40, 50, 60, 70]);
    expect(history.priceAt(0)).toBe(3);
    expect(history.sizeAt(4)).toBe(700);
  });

  it('forgets everything on clear, and counts the reset so mirrors know to start over', () => {
    const history = new TickHistory(3);
    history.push(1, 1, 1);
    history.breakLine();
    history.clear();
    expect(history.length).toBe(0);
    expect(history.totalAppended).toBe(0);
    expect(history.resets).toBe(1);
    history.push(2, 2, 2);
    expect(history.breaksBefore(0)).toBe(false);
  });

  it('marks a break explicitly: the next point starts a new line, and the flag moves with the ring', () => {
    const history = new TickHistory(4, 1);
    history.breakLine(); // nothing to break from yet
    history.push(10, 1, 1);
    history.push(20, 2, 1);
    history.breakLine();
    history.breakLine(); // one break, however often it is asked for
    history.push(30, 3, 1);
    history.push(40, 4, 1);
    expect([0, 1, 2, 3].map((i) => history.breaksBefore(i))).toEqual([false, false, true, false]);
    history.push(50, 5, 1); // overwrites the oldest; the break is now before index 1
    expect([0, 1, 2, 3].map((i) => history.breaksBefore(i))).toEqual([false, true, false, false]);
    expect([0, 1, 2, 3].map((i) => history.priceAt(i))).toEqual([2, 3, 4, 5]);
  });
});
