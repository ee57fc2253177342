/**
 * `npm run faults`: the heavier fault scenarios, with real feed processes on
 * loopback. Prints one row per check: scenario, expected, observed, pass/fail,
 * and exits 1 if any failed. The fast fault cases run in `npm test`.
 * `npm run faults -- GROUP...` runs only the named groups.
 */
import { checks } from './faults/checks.ts';
import { addressFlood, floods } from './faults/floods.ts';
import { dnsRebinding, halfOpenFlood, killerRequests } from './faults/hostile-requests.ts';
import { herd } from './faults/reconnect.ts';
import { failedImport, killWhileRecording, longRecording } from './faults/recording.ts';
import { security } from './faults/security.ts';
import { scaleOut } from './faults/scale-out.ts';
import { slowConsumer } from './faults/slow-consumer.ts';
import { printTable } from './table.ts';

const groups: Record<string, () => Promise<void>> = {
  herd,
  'slow-consumer': slowConsumer,
  security,
  'killer-requests': killerRequests,
  'half-open': halfOpenFlood,
  'dns-rebinding': dnsRebinding,
  floods,
  'address-flood': addressFlood,
  'long-recording': longRecording,
  'kill-recording': killWhileRecording,
  'failed-import': failedImport,
  'scale-out': scaleOut,
};

const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !(name in groups));
if (unknown.length > 0) {
  console.error(`faults: unknown group ${unknown.join(', ')}; choose from ${Object.keys(groups).join(', ')}`);
  process.exit(2);
}
console.log('faults: running (about five minutes)...');
for (const [name, run] of Object.entries(groups)) {
  if (chosen.length > 0 && !chosen.includes(name)) continue;
  console.log(`${name}:`);
  await run();
}
printTable(
  ['scenario', 'expected', 'observed', 'result'],
  checks.map((c) => [c.scenario, c.expected, c.observed, c.pass ? 'pass' : 'FAIL']),
);
const failed = checks.filter((c) => !c.pass).length;
console.log(`${checks.length - failed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
