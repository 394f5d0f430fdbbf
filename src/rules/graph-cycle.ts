import { defineRule } from './rule.js';

export default defineRule({
  id: 'graph/cycle',
  severity: 'error',
  description: 'a dependency cycle in the merged graph (declared and on-disk edges)',
  help: 'Remove one dependency of the cycle; Flux would wait on it forever.',
  check({ cycles, graph }) {
    return cycles.map((cycle) => {
      const [from, to] = cycle as [string, string];
      const sources = graph.edgeSources(from, to);
      return {
        message: `dependency cycle: ${cycle.join(' → ')}`,
        fix: 'remove one of these dependencies',
        hr: from,
        dependency: to,
        location: sources?.onDisk ?? sources?.declared ?? null,
      };
    });
  },
});
