import { describe, expect, it } from 'vitest';
import { rowWindow } from '../../web/src/lib/row-window.ts';

describe('rowWindow', () => {
  it('renders the rows in view plus the overscan on each side', () => {
    expect(rowWindow(0, 400, 40, 500, 5)).toEqual({ start: 0, end: 15 });
    expect(rowWindow(4000, 400, 40, 500, 5)).toEqual({ start: 95, end: 115 });
  });

  it('counts a partly visible row as in view', () => {
    expect(rowWindow(20, 400, 40, 500, 0)).toEqual({ start: 0, end: 11 });
  });

  it('stops at the end of the list', () => {
    expect(rowWindow(19_800, 400, 40, 500, 5)).toEqual({ start: 490, end: 500 });
    expect(rowWindow(0, 400, 40, 3, 5)).toEqual({ start: 0, end: 3 });
  });

  it('stays within the list when scrolled past its end (the list just shrank)', () => {
    expect(rowWindow(50_000, 400, 40, 10, 5)).toEqual({ start: 10, end: 10 });
  });

  it('renders every row until the row height is known', () => {
    expect(rowWindow(0, 400, 0, 30, 5)).toEqual({ start: 0, end: 30 });
  });

  it('treats a negative scroll (elastic overscroll) as the top', () => {
    expect(rowWindow(-80, 400, 40, 500, 2)).toEqual({ start: 0, end: 12 });
  });
});
