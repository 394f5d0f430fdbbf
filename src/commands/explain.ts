import type { CliIo } from '../cli-io.js';
import type { AuditModel } from '../model/audit-model.js';
import { displayLocation } from '../model/paths.js';
import type { RepositoryFlags } from './shared.js';
import { loadModel, planOrReportCycles, usageError } from './shared.js';
import { auditModel } from '../audit.js';

export interface ExplainFlags extends RepositoryFlags {
  format: 'text' | 'json';
}

function closure(name: string, step: (name: string) => string[]): string[] {
  const seen = new Set<string>();
  const stack = [...step(name)];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (seen.has(next) || next === name) continue;
    seen.add(next);
    stack.push(...step(next));
  }
  return [...seen].sort();
}

/** The closest names, so a typo gets a suggestion. */
function suggest(model: AuditModel, name: string): string | undefined {
  const distance = (a: string, b: string) => {
    const row = Array.from({ length: b.length + 1 }, (_, index) => index);
    for (let i = 1; i <= a.length; i += 1) {
      let previous = row[0]!;
      row[0] = i;
      for (let j = 1; j <= b.length; j += 1) {
        const current = row[j]!;
        row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
        previous = current;
      }
    }
    return row[b.length]!;
  };
  const best = model.graph.nodes().map((candidate) => ({ candidate, score: distance(name, candidate) })).sort((a, b) => a.score - b.score)[0];
  return best && best.score <= Math.max(2, Math.floor(name.length / 4)) ? best.candidate : undefined;
}

export async function runExplain(name: string, flags: ExplainFlags, io: CliIo): Promise<number> {
  const repositoryViews = await import('./repository-views.js');
  if (repositoryViews.isRepositoryAudit(flags, io)) return repositoryViews.runRepositoryExplain(name, flags, io);
  const model = await loadModel(flags, io);
  if (model === 3) return 3;
  if (!model.graph.hasNode(name)) {
    const guess = suggest(model, name);
    return usageError(io, `no HelmRelease named ${name}`, guess ? `did you mean ${guess}?` : 'pass the metadata.name of a HelmRelease or expected slot');
  }
  const plan = planOrReportCycles(model, io);
  if (plan === 2) return 2;
  const { cwd } = model.repository;
  const release = model.releasesByName.get(name);
  const entry = model.expectedByName.get(name);
  const fileSlot = release ? model.slotFilesByPath.get(release.file)?.slot?.display : undefined;
  const findings = auditModel(model).findings.filter((finding) => finding.hr === name || finding.dependency === name);
  const facts = {
    name,
    status: release ? (entry ? 'present' : 'undeclared') : 'deferred',
    slot: entry?.slot.display ?? fileSlot ?? null,
    wave: entry?.wave ?? null,
    declaredAt: entry ? displayLocation(cwd, entry.location) : null,
    onDiskAt: release ? displayLocation(cwd, release.location) : null,
    level: plan.depth.get(name)!,
    dependsOn: model.graph.dependencies(name),
    dependsOnTransitively: closure(name, (node) => model.graph.dependencies(node)),
    neededBy: model.graph.dependents(name),
    neededByTransitively: closure(name, (node) => model.graph.dependents(node)),
    longestChainThrough: [...plan.chainBelow(name), ...plan.chainAbove(name).slice(1)],
    findings: findings.map((finding) => `${finding.rule} ${finding.file ?? ''}${finding.line ? `:${finding.line}` : ''} ${finding.message}`),
  };
  if (flags.format === 'json') {
    io.stdout(`${JSON.stringify(facts, null, 2)}\n`);
    return 0;
  }
  const list = (names: string[]) => (names.length > 0 ? names.join(', ') : '(nothing)');
  const indirect = (all: string[], direct: string[]) => all.filter((other) => !direct.includes(other));
  const lines = [
    `${name}: slot ${facts.slot ?? '(none)'}, wave ${facts.wave ?? '(none)'}, ${facts.status}`,
    `  declared at      ${facts.declaredAt ?? '(not declared in the expected DAG)'}`,
    `  on disk at       ${facts.onDiskAt ?? '(not in the kit yet: deferred)'}`,
    `  install level    ${facts.level} of ${plan.levels.length - 1} (installs after ${facts.dependsOnTransitively.length} HelmRelease${facts.dependsOnTransitively.length === 1 ? '' : 's'})`,
    `  depends on       ${list(facts.dependsOn)}`,
    `    and through them ${list(indirect(facts.dependsOnTransitively, facts.dependsOn))}`,
    `  needed by        ${list(facts.neededBy)}`,
    `    and through them ${list(indirect(facts.neededByTransitively, facts.neededBy))}`,
    `  longest chain through it (${facts.longestChainThrough.length}): ${facts.longestChainThrough.join(' → ')}`,
    `  findings         ${facts.findings.length === 0 ? 'none' : ''}`.trimEnd(),
    ...facts.findings.map((finding) => `    ${finding}`),
  ];
  io.stdout(`${lines.join('\n')}\n`);
  return 0;
}
