import fc from 'fast-check';

/** Frames a client could send, for fuzzing: valid ones, valid ones mutated, and arbitrary text and JSON. */
const VALID_FRAMES = [
  { type: 'subscribe', symbols: ['AAPL', 'MSFT'] },
  { type: 'unsubscribe', symbols: ['AAPL'] },
  { type: 'resume', epoch: 'test-epoch', seq: 3, symbols: ['AAPL'] },
  { type: 'control', action: 'seek', time: 1381154400000 },
  { type: 'control', action: 'speed', speed: 10 },
];

/** Valid frames with a field replaced, removed, or their text cut or corrupted. */
const mutatedFrame = fc.oneof(
  fc.tuple(fc.constantFrom(...VALID_FRAMES), fc.string(), fc.anything()).map(([frame, key, value]) => JSON.stringify({ ...frame, [key]: value })),
  fc.tuple(fc.constantFrom(...VALID_FRAMES), fc.constantFrom('type', 'symbols', 'seq', 'epoch', 'time', 'speed', 'action')).map(([frame, key]) => {
    const copy: Record<string, unknown> = { ...frame };
    delete copy[key];
    return JSON.stringify(copy);
  }),
  fc.tuple(fc.constantFrom(...VALID_FRAMES), fc.nat(), fc.nat(), fc.string({ maxLength: 3 })).map(([frame, at, length, insert]) => {
    const text = JSON.stringify(frame);
    const start = at % (text.length + 1);
    return text.slice(0, start) + insert + text.slice(start + (length % 5));
  }),
);
export const anyFrame = fc.oneof(fc.string(), fc.json(), mutatedFrame, fc.jsonValue().map((v) => JSON.stringify(v)));

