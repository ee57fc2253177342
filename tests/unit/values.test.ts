import { describe, expect, it } from 'vitest';
import { accessToken, duration, hostList, integerIn, isoInstant, replaySpeed, symbolList, timeOfDay } from '../../feed/cli/values.ts';

describe('CLI value parsers', () => {
  it('parse what users type', () => {
    expect(integerIn(1, 10, 'n')('7')).toBe(7);
    expect(duration('1h30m')).toBe(5_400_000);
    expect(duration('500ms')).toBe(500);
    expect(timeOfDay('9:30')).toBe(34_200);
    expect(replaySpeed('60x')).toBe(60);
    expect(replaySpeed('MAX')).toBe('max');
    expect(symbolList(' aapl, brk.b ')).toEqual(['AAPL', 'BRK.B']);
    expect(hostList('Wall.Example.com,.corp.example')).toEqual(['wall.example.com', '.corp.example']);
    expect(accessToken('s3cret-token')).toBe('s3cret-token');
  });

  it.each([
    [() => integerIn(1, 10, 'n')('1.5'), /n must be a whole number from 1 to 10/],
    [() => duration('soon'), /duration must look like/],
    [() => timeOfDay('25:00'), /HH:MM/],
    [() => replaySpeed('0.1'), /speed must be a number from 0.25 to 1000/],
    [() => symbolList('AAPL,a b'), /not a valid symbol: A B/],
    [() => accessToken('   '), /token must not be empty/],
    [() => hostList('a b'), /not a host name/],
    [() => isoInstant('-271821-04-20T00:00:00Z'), /between 1970 and 2100/],
  ])('refuses bad input with a sentence naming the problem (%#)', (parse, message) => {
    expect(parse).toThrow(message);
  });
});
