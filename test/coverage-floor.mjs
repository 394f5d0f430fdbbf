#!/usr/bin/env node
// After `vitest run --coverage`: no source file under 70 % of its lines and
// statements covered (the overall branch threshold, 81 %, is in vitest.config.ts;
// vitest's own perFile switch would apply that one to every file).
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const FLOOR = 70;
const summary = JSON.parse(readFileSync(new URL('../coverage/coverage-summary.json', import.meta.url), 'utf8'));
const below = Object.entries(summary)
  .filter(([file]) => file !== 'total')
  .flatMap(([file, metrics]) => ['lines', 'statements']
    .filter((metric) => metrics[metric].total > 0 && metrics[metric].pct < FLOOR)
    .map((metric) => `${relative(process.cwd(), file)}: ${metric} ${metrics[metric].pct} % < ${FLOOR} %`));
const { branches } = summary.total;
console.log(`coverage: branches ${branches.pct} % overall; every file at or above ${FLOOR} % of its lines and statements${below.length > 0 ? ' — except:' : ''}`);
for (const line of below) console.log(`  ${line}`);
process.exit(below.length > 0 ? 1 : 0);
