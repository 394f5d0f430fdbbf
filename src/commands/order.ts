import type { CliIo } from '../cli-io.js';
import type { AuditModel } from '../model/audit-model.js';
import { installPlan } from '../model/graph.js';
import type { InstallPlan } from '../model/graph.js';
import type { RepositoryFlags } from './shared.js';
import { loadModel } from './shared.js';

export interface OrderFlags extends RepositoryFlags {
  format: 'text' | 'json';
  /** Repository audit: the controllers' --requeue-dependency, for the cold-start estimate. */
  requeueInterval?: string;
}

/** Levels need an acyclic graph; with a cycle, say where and exit 2 (the contract's cycle code). */
export function planOrReportCycles(model: AuditModel, io: CliIo): InstallPlan | 2 {
  if (model.cycles.length > 0) {
    for (const cycle of model.cycles) io.stderr(`error: dependency cycle: ${cycle.join(' → ')} — remove one of these dependencies; install order is undefined until then\n`);
    return 2;
  }
  return installPlan(model.graph, model.order);
}

export async function runOrder(flags: OrderFlags, io: CliIo): Promise<number> {
  const repositoryViews = await import('./repository-views.js');
  if (repositoryViews.isRepositoryAudit(flags, io)) return repositoryViews.runRepositoryOrder(flags, io);
  const model = await loadModel(flags, io);
  if (model === 3) return 3;
  const plan = planOrReportCycles(model, io);
  if (plan === 2) return 2;
  const present = (name: string) => model.releasesByName.has(name);
  if (flags.format === 'json') {
    io.stdout(`${JSON.stringify({
      levels: plan.levels,
      longestChain: { length: plan.longestChain.length, edges: Math.max(0, plan.longestChain.length - 1), chain: plan.longestChain },
      depth: Object.fromEntries([...plan.depth].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      deferred: model.deferred.map((entry) => entry.name),
    }, null, 2)}\n`);
    return 0;
  }
  const lines = ['Install levels (each level installs in parallel once the levels before it are Ready; [.] deferred)'];
  plan.levels.forEach((level, index) => {
    lines.push(`  ${String(index).padStart(2)}  ${level.map((name) => (present(name) ? name : `[.]${name}`)).join(', ')}`);
  });
  lines.push('');
  lines.push(`Longest chain: ${plan.longestChain.length} HelmReleases (${Math.max(0, plan.longestChain.length - 1)} dependsOn edges)`);
  lines.push(`  ${plan.longestChain.join(' → ')}`);
  io.stdout(`${lines.join('\n')}\n`);
  return 0;
}
