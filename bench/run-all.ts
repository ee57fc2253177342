/**
 * `npm run bench -- [--quick] [--only server,web,codec] [--report-only]`
 *
 * Runs the benchmark suites one after another (each in its own process, so
 * none inherits another's heap or JIT state), then writes the combined
 * results to bench/results/latest.json and renders docs/benchmarks.md with
 * PNG plots drawn by chart.js in Chromium. --quick runs short windows and
 * fewer client counts: a smoke run, not figures to quote. --report-only
 * redraws the plots and the page from bench/results/latest.json.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem, type } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromiumLaunchOptions } from '../tests/support/chromium.ts';
import { renderPlots } from './plots.ts';
import { plotsFor, renderReport, type BenchResults, type Machine } from './report.ts';

const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, only: { type: 'string', default: 'codec,server,web' }, 'report-only': { type: 'boolean', default: false } },
});
const root = fileURLToPath(new URL('..', import.meta.url));
const resultsDir = `${root}bench/results`;
const plotDir = 'benchmarks';
mkdirSync(resultsDir, { recursive: true });
mkdirSync(`${root}docs/${plotDir}`, { recursive: true });

const SUITES = {
  codec: { script: 'bench/codec-bench.ts', args: [], quick: [] },
  server: { script: 'bench/server-bench.ts', args: [], quick: ['--clients', '10,100', '--sweep', '', '--seconds', '3'] },
  web: { script: 'bench/web-bench.ts', args: [], quick: ['--seconds', '4', '--warmup', '1'] },
} as const;
type Suite = keyof typeof SUITES;

function run(suite: Suite): unknown {
  const { script, args, quick } = SUITES[suite];
  const out = `${resultsDir}/${suite}.json`;
  console.log(`\n## ${suite}\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, ...(values.quick ? quick : args), '--json', out], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`bench ${suite} failed (exit ${result.status ?? result.signal})`);
  return JSON.parse(readFileSync(out, 'utf8'));
}

function machine(): Machine {
  const executable = chromiumLaunchOptions().executablePath;
  let chromium = "Playwright's Chromium";
  try {
    if (executable) chromium = execFileSync(executable, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    chromium = `Chromium at ${executable}`;
  }
  return { cpu: cpus()[0]?.model.trim() ?? 'unknown CPU', cores: cpus().length, memoryGiB: totalmem() / 2 ** 30, os: `${type()} ${release()}`, node: process.versions.node, chromium };
}

function runSuites(): BenchResults {
  const only = new Set(values.only.split(',') as Suite[]);
  const results: BenchResults = {
    ranAt: new Date().toISOString(),
    machine: machine(),
    codec: only.has('codec') ? (run('codec') as BenchResults['codec']) : null,
    server: only.has('server') ? (run('server') as BenchResults['server']) : null,
    web: only.has('web') ? (run('web') as BenchResults['web']) : null,
  };
  writeFileSync(`${resultsDir}/latest.json`, `${JSON.stringify(results, null, 1)}\n`);
  return results;
}

const results = values['report-only'] ? (JSON.parse(readFileSync(`${resultsDir}/latest.json`, 'utf8')) as BenchResults) : runSuites();
const plots = plotsFor(results, `${root}docs/${plotDir}`);
await renderPlots(plots);
writeFileSync(`${root}docs/benchmarks.md`, renderReport(results, plots, plotDir));
console.log(`\nWrote ${values['report-only'] ? '' : 'bench/results/latest.json, '}docs/benchmarks.md and ${plots.length} plots in docs/${plotDir}/.`);
