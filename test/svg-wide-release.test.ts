import { describe, expect, it } from 'vitest';
import { drawSvg } from '../src/graph/svg.js';
import type { GraphView } from '../src/graph/view.js';

describe('drawing a release with hundreds of thousands of dependencies', () => {
  it('computes install levels without spreading every dependency into Math.max (it overflowed the stack)', () => {
    // The 8 MiB flow-list slot file of the benchmark: one HelmRelease, 520,000 dependsOn items.
    // 200,000 is past the spread's limit and quick to lay out (the drawing collapses to a few boxes).
    const count = 200_000;
    const view: GraphView = {
      nodes: [
        { name: 'bp-hub', slot: '01', wave: 'W1', status: 'present' },
        ...Array.from({ length: count }, (_, index) => ({ name: `d${index}`, slot: null, wave: null, status: 'undeclared' as const })),
      ],
      edges: Array.from({ length: count }, (_, index) => ({ from: 'bp-hub', to: `d${index}`, kind: 'extra' as const })),
      waves: ['W1'],
    };
    const drawing = drawSvg(view);
    expect(drawing.collapsed).toBe(true);
    expect(drawing.svg).toContain('<svg');
    expect(drawing.svg).toContain('W1');
  });
});
