import type { CliIo } from '../cli-io.js';
import { terminalWidth } from '../cli-io.js';
import { wrapList } from '../report/text.js';
import { compareText } from '../model/compare.js';
import { fluxInstallOrder } from '../graph/install-order.js';
import type { FluxInstallOrder } from '../graph/install-order.js';
import type { AuditModel } from '../model/audit-model.js';
import type { RepositoryFlags } from './shared.js';
import { loadModel, oneKitDir, repositoryOptionsOnKit, slotLabelWithoutKit, textStyle, usageError } from './shared.js';
import { printable } from '../report/printable.js';
import { plainStyle } from '../report/style.js';
import type { TextStyle } from '../report/style.js';

export interface OrderFlags extends RepositoryFlags {
  format: 'text' | 'json';
  /** Repository audit: the controllers' --requeue-dependency, for the cold-start estimate. */
  requeueInterval?: string;
  color?: boolean;
}

/** `[.]` a deferred slot, `[?]` a name declared nowhere; a HelmRelease in the kit as it is. Escaped: an ESC in a name must not reach the terminal. */
export function markName(model: AuditModel, name: string, style: TextStyle = plainStyle): string {
  const shown = printable(name);
  return model.releasesByName.has(name) ? shown : model.expectedByName.has(name) ? style.dim(`[.]${shown}`) : style.red(`[?]${shown}`);
}

/** The chain with its length; says what the marks mean when it holds any. */
export function chainHeading(order: FluxInstallOrder): string {
  const chain = order.longestChain;
  const marked = chain.some((name) => !order.present(name));
  return `Longest chain: ${chain.length} HelmRelease${chain.length === 1 ? '' : 's'} (${Math.max(0, chain.length - 1)} dependsOn edges${marked ? '; [.] deferred' : ''})`;
}

/** The contract's cycle code (2) whenever the audit reports a cycle; the levels still show what can be placed. */
export async function runOrder(flags: OrderFlags, io: CliIo): Promise<number> {
  if (oneKitDir('order', flags, io) === 3) return 3;
  const repositoryViews = await import('./repository-views.js');
  if (repositoryViews.isRepositoryAudit(flags, io)) {
    if (slotLabelWithoutKit(flags, io) === 3) return 3;
    return repositoryViews.runRepositoryOrder(flags, io);
  }
  if (repositoryOptionsOnKit(flags, io) === 3) return 3;
  // The kit's order has no cold-start estimate to price: the option would be ignored.
  if (flags.requeueInterval !== undefined) return usageError(io, '--requeue-interval prices the cold-start estimate of the repository audit; a bootstrap kit\'s order has none', 'drop --requeue-interval here', flags.format);
  const model = await loadModel(flags, io);
  if (model === 3) return 3;
  const order = fluxInstallOrder(model);
  const code = model.cycles.length > 0 ? 2 : 0;
  for (const cycle of model.cycles) io.stderr(`error: dependency cycle: ${printable(cycle.join(' → '))} — remove one of these dependencies; install order is undefined until then\n`);
  if (flags.format === 'json') {
    io.stdout(`${JSON.stringify({
      levels: order.levels,
      longestChain: {
        length: order.longestChain.length,
        edges: Math.max(0, order.longestChain.length - 1),
        chain: order.longestChain,
        deferred: order.longestChain.filter((name) => !order.present(name)),
      },
      depth: Object.fromEntries([...order.depth].sort(([a], [b]) => compareText(a, b))),
      deferred: model.deferred.map((entry) => entry.name),
      declaredOnly: order.declaredOnly,
      cycles: model.cycles,
      unplaced: order.unplaced,
    }, null, 2)}\n`);
    return code;
  }
  const style = await textStyle(flags, io);
  const mark = (name: string) => markName(model, name, style);
  // A level of a hundred releases wraps at the terminal's width, under its first name; piped, one line each.
  const width = terminalWidth(io);
  const lines = [`${style.bold('Install levels')} (each level installs in parallel once the levels before it are Ready; [.] deferred, [?] declared nowhere)`];
  order.levels.forEach((level, index) => {
    lines.push(...wrapList(`  ${style.dim(String(index).padStart(2))}  `, level.map(mark), ', ', width));
  });
  if (order.unplaced.length > 0) {
    lines.push('', style.red('On a dependency cycle, or after one (Flux never installs these):'), ...wrapList('  ', order.unplaced.map(mark), ', ', width));
  }
  if (order.declaredOnly.length > 0) {
    lines.push('', style.bold('Declared only, not on disk (Flux does not wait for these; levels ignore them):'));
    for (const edge of order.declaredOnly) lines.push(`  ${printable(edge.from)} → ${printable(edge.to)}`);
  }
  lines.push('');
  lines.push(style.bold(chainHeading(order)));
  lines.push(...wrapList('  ', order.longestChain.map(mark), ' → ', width));
  io.stdout(`${lines.join('\n')}\n`);
  return code;
}
