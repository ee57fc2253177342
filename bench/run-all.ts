/**
 * `npm run bench -- [--quick] [--only server,web,codec] [--report-only]`
 *
 * Runs the benchmark suites one after another (each in its own process, so
 * none inherits another's heap or JIT state), then writes the combined
 * results to bench/results/latest.json and renders docs/benchmarks.md with
 * PNG plots drawn by chart.js in Chromium. --quick runs short windows and
 * fewer client counts: a smoke run, not figures to quote. --only re-runs
 * some suites and keeps the others' last results, each with its own date.
 * --report-only redraws the plots and the page from bench/results/latest.json.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

/** Runs the chosen suites; with --only, the others keep their last results (and dates) from latest.json. */
function runSuites(): BenchResults {
  const only = new Set(values.only.split(',') as Suite[]);
  const ranAt = new Date().toISOString();
  const latest = `${resultsDir}/latest.json`;
  const previous = only.size < 3 && existsSync(latest) ? (JSON.parse(readFileSync(latest, 'utf8')) as BenchResults) : null;
  const suiteRanAt: NonNullable<BenchResults['suiteRanAt']> = {};
  const pick = <S extends Suite>(suite: S): BenchResults[S] => {
    if (only.has(suite)) {
      suiteRanAt[suite] = ranAt;
      return run(suite) as BenchResults[S];
    }
    const kept = previous?.[suite] ?? null;
    if (kept) suiteRanAt[suite] = previous!.suiteRanAt?.[suite] ?? previous!.ranAt;
    return kept as BenchResults[S];
  };
  const results: BenchResults = { ranAt, suiteRanAt, machine: machine(), codec: pick('codec'), server: pick('server'), web: pick('web') };
  writeFileSync(latest, `${JSON.stringify(results, null, 1)}\n`);
  return results;
}

const results = values['report-only'] ? (JSON.parse(readFileSync(`${resultsDir}/latest.json`, 'utf8')) as BenchResults) : runSuites();
const plots = plotsFor(results, `${root}docs/${plotDir}`);
await renderPlots(plots);
writeFileSync(`${root}docs/benchmarks.md`, renderReport(results, plots, plotDir));
console.log(`\nWrote ${values['report-only'] ? '' : 'bench/results/latest.json, '}docs/benchmarks.md and ${plots.length} plots in docs/${plotDir}/.`);
