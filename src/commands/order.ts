import type { CliIo } from '../cli-io.js';
import { compareText } from '../model/compare.js';
import type { RepositoryFlags } from './shared.js';
import { loadModel, planOrReportCycles } from './shared.js';

export interface OrderFlags extends RepositoryFlags {
  format: 'text' | 'json';
  /** Repository audit: the controllers' --requeue-dependency, for the cold-start estimate. */
  requeueInterval?: string;
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
      depth: Object.fromEntries([...plan.depth].sort(([a], [b]) => compareText(a, b))),
      deferred: model.deferred.map((entry) => entry.name),
    }, null, 2)}\n`);
    return 0;
  }
  const lines = ['Install levels (each level installs in parallel once the levels before it are Ready; [.] deferred, [?] declared nowhere)'];
  const mark = (name: string) => (present(name) ? name : model.expectedByName.has(name) ? `[.]${name}` : `[?]${name}`);
  plan.levels.forEach((level, index) => {
    lines.push(`  ${String(index).padStart(2)}  ${level.map(mark).join(', ')}`);
  });
  lines.push('');
  lines.push(`Longest chain: ${plan.longestChain.length} HelmReleases (${Math.max(0, plan.longestChain.length - 1)} dependsOn edges)`);
  lines.push(`  ${plan.longestChain.join(' → ')}`);
  io.stdout(`${lines.join('\n')}\n`);
  return 0;
}
