import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SOURCE_DIRS = ['feed', 'shared', 'web/src', 'bench'];

/** Every project module and the project modules it imports (type-only imports included: they still couple). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const visit = (dir: string): void => {
    for (const name of readdirSync(join(ROOT, dir))) {
      const path = join(dir, name);
      if (statSync(join(ROOT, path)).isDirectory()) visit(path);
      else if (/\.(ts|svelte)$/.test(name)) {
        const text = readFileSync(join(ROOT, path), 'utf8');
        const targets = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'/g)].map((m) => relative(ROOT, resolve(ROOT, dirname(path), m[1]!)));
        graph.set(path, targets);
      }
    }
  };
  SOURCE_DIRS.forEach(visit);
  return graph;
}

function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const walk = (node: string): void => {
    state.set(node, 'visiting');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'visiting') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) walk(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) walk(node);
  return found;
}

describe('module dependencies run one way', () => {
  const graph = importGraph();
  const edges = [...graph].flatMap(([from, targets]) => targets.map((to) => ({ from, to })));

  it('has no import cycles', () => {
    expect(cycles(graph).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });

  it.each([
    ['shared/ imports nothing from feed/, web/ or bench/', (from: string, to: string) => from.startsWith('shared/') && !to.startsWith('shared/')],
    ['feed/ and web/ never import bench/ or tests/', (from: string, to: string) => /^(feed|web)\//.test(from) && /^(bench|tests)\//.test(to)],
    ['only the commands import feed/cli/', (from: string, to: string) => to.startsWith('feed/cli/') && !from.startsWith('feed/cli/') && !from.startsWith('bench/')],
    ['the feed never imports the web app, nor the web app the feed', (from: string, to: string) => (from.startsWith('feed/') && to.startsWith('web/')) || (from.startsWith('web/') && to.startsWith('feed/'))],
  ])('%s', (_, forbidden) => {
    expect(edges.filter(({ from, to }) => forbidden(from, to)).map(({ from, to }) => `${from} -> ${to}`)).toEqual([]);
  });
});
