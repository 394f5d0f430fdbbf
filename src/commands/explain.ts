import type { CliIo } from '../cli-io.js';
import { reachable } from '../model/graph.js';
import { closestNameOrPart } from '../model/names.js';
import { fluxInstallOrder } from '../graph/install-order.js';
import { EDGE_NOTE, edgeKind } from '../graph/view.js';
import { displayLocation } from '../model/paths.js';
import type { RepositoryFlags } from './shared.js';
import { explainedFinding, explainedFindingLines, loadModel, oneKitDir, repositoryOptionsOnKit, slotLabelWithoutKit, textStyle, usageError } from './shared.js';
import { printable } from '../report/printable.js';
import { plainStyle } from '../report/style.js';
import { auditModel } from '../audit.js';

export interface ExplainFlags extends RepositoryFlags {
  format: 'text' | 'json';
  color?: boolean;
}


/**
 * Why NAME installs when it does, from the edges Flux sees (see
 * fluxInstallOrder). Works whatever else is broken: a cycle elsewhere does not
 * change NAME's answer; a cycle through it is part of the answer (exit 2).
 */
export async function runExplain(name: string, flags: ExplainFlags, io: CliIo): Promise<number> {
  if (oneKitDir('explain', flags, io) === 3) return 3;
  const repositoryViews = await import('./repository-views.js');
  if (repositoryViews.isRepositoryAudit(flags, io)) {
    if (slotLabelWithoutKit(flags, io) === 3) return 3;
    return repositoryViews.runRepositoryExplain(name, flags, io);
  }
  if (repositoryOptionsOnKit(flags, io) === 3) return 3;
  const model = await loadModel(flags, io);
  if (model === 3) return 3;
  if (!model.graph.hasNode(name)) {
    const guess = closestNameOrPart(name, model.graph.nodes());
    return usageError(io, `no HelmRelease named ${printable(name)}`, guess ? `did you mean ${guess}?` : 'pass the metadata.name of a HelmRelease or expected slot', flags.format);
  }
  const order = fluxInstallOrder(model);
  const { cwd } = model.repository;
  const release = model.releasesByName.get(name);
  const entry = model.expectedByName.get(name);
  const fileSlot = release ? model.slotFilesByPath.get(release.file)?.slot?.display : undefined;
  const findings = auditModel(model).findings.filter((finding) => finding.hr === name || finding.dependency === name);
  const cycles = model.cycles.filter((cycle) => cycle.includes(name));
  // A name nothing declares has no install level: Flux never finds it, whatever the graph says.
  const unknown = !release && !entry;
  const placed = order.depth.get(name);
  const level = unknown ? null : placed ?? null;
  const flux = order.graph;
  const noted = (from: string, to: string, shown: string, style = plainStyle) => {
    const note = EDGE_NOTE[edgeKind(model, from, to)];
    return note ? style.red(`${shown}${note}`) : shown;
  };
  const facts = {
    name,
    status: release ? (entry ? 'present' : 'undeclared') : entry ? 'deferred' : 'unknown',
    slot: entry?.slot.display ?? fileSlot ?? null,
    wave: entry?.wave ?? null,
    declaredAt: entry ? displayLocation(cwd, entry.location) : null,
    onDiskAt: release ? displayLocation(cwd, release.location) : null,
    /** Null when Flux never installs it: on a cycle, or after one. */
    level,
    levels: order.levels.length,
    dependsOn: flux.dependencies(name),
    dependsOnTransitively: reachable(name, (node) => flux.dependencies(node)),
    neededBy: flux.dependents(name),
    neededByTransitively: reachable(name, (node) => flux.dependents(node)),
    /** Declared edges that are not on disk: Flux does not wait for them. */
    declaredOnly: {
      dependsOn: order.declaredOnly.filter((edge) => edge.from === name).map((edge) => edge.to),
      neededBy: order.declaredOnly.filter((edge) => edge.to === name).map((edge) => edge.from),
    },
    longestChainThrough: unknown ? [] : order.chainThrough(name),
    cycles,
    findings: findings.map(explainedFinding),
  };
  const code = cycles.length > 0 || (!unknown && placed === undefined) ? 2 : 0;
  if (flags.format === 'json') {
    io.stdout(`${JSON.stringify(facts, null, 2)}\n`);
    return code;
  }
  const style = await textStyle(flags, io);
  const plural = (count: number) => `${count} HelmRelease${count === 1 ? '' : 's'}`;
  const indirect = (all: string[], direct: string[]) => all.filter((other) => !direct.includes(other));
  const dependsOn = [...model.graph.dependencies(name)].filter((to) => flux.edgeSources(name, to) || facts.declaredOnly.dependsOn.includes(to));
  const neededBy = [...model.graph.dependents(name)].filter((from) => flux.edgeSources(from, name) || facts.declaredOnly.neededBy.includes(from));
  const onCycle = cycles.length > 0 && level === null;
  const lines = [
    // Names, waves and paths come from the repository: printed escaped (an ESC in one must not reach the terminal).
    `${style.bold(printable(name))}: slot ${printable(facts.slot ?? 'none')}, wave ${printable(facts.wave ?? 'none')}, ${facts.status}`,
    `  declared at      ${printable(facts.declaredAt ?? 'not declared in the expected DAG')}`,
    `  on disk at       ${facts.onDiskAt ? printable(facts.onDiskAt) : (unknown ? 'nowhere: neither the kit nor the expected DAG has it' : 'not in the kit yet (deferred)')}`,
    unknown
      ? `  install level    ${style.red('none: no HelmRelease has this name, so Flux never finds it')}`
      : level === null
        ? `  install level    ${style.red(`none: ${onCycle ? 'it is on a dependency cycle' : 'it depends on a release on a dependency cycle'}, so Flux never installs it`)}`
        : `  install level    ${level}${release ? '' : ' once it lands'} (levels run 0 to ${order.levels.length - 1}; installs after ${plural(facts.dependsOnTransitively.length)})`,
    `  depends on       ${dependsOn.length > 0 ? dependsOn.map((to) => noted(name, to, printable(to), style)).join(', ') : 'nothing'}`,
  ];
  const throughBelow = indirect(facts.dependsOnTransitively, facts.dependsOn);
  if (throughBelow.length > 0) lines.push(`    and through them ${throughBelow.map(printable).join(', ')}`);
  lines.push(`  needed by        ${neededBy.length > 0 ? neededBy.map((from) => noted(from, name, printable(from), style)).join(', ') : 'nothing'}`);
  const throughAbove = indirect(facts.neededByTransitively, facts.neededBy);
  if (throughAbove.length > 0) lines.push(`    and through them ${throughAbove.map(printable).join(', ')}`);
  if (facts.longestChainThrough.length > 0) {
    lines.push(`  longest chain through it (${facts.longestChainThrough.length}): ${printable(facts.longestChainThrough.join(' → '))}`);
  }
  cycles.forEach((cycle, index) => lines.push(`  ${index === 0 ? 'cycles          ' : '                '} ${style.red(printable(cycle.join(' → ')))}`));
  lines.push(...explainedFindingLines(facts.findings, style));
  io.stdout(`${lines.join('\n')}\n`);
  return code;
}
