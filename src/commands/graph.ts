import { closestNameOrPart } from '../model/names.js';
import type { CliIo } from '../cli-io.js';
import { buildGraphView } from '../graph/view.js';
import type { RepositoryFlags } from './shared.js';
import { emit, loadModel, oneKitDir, repositoryOptionsOnKit, slotLabelWithoutKit, textStyle, usageError } from './shared.js';

import { GRAPH_FORMATS } from '../graph/formats.js';

export { GRAPH_FORMATS };

export interface GraphFlags extends RepositoryFlags {
  format: (typeof GRAPH_FORMATS)[number];
  focus?: string;
  depth?: string;
  output?: string;
  color?: boolean;
}

export async function runGraph(flags: GraphFlags, io: CliIo): Promise<number> {
  if (oneKitDir('graph', flags, io) === 3) return 3;
  if (flags.depth !== undefined && flags.focus === undefined) {
    return usageError(io, '--depth counts hops from --focus, which is missing', 'pass --focus NAME too, or drop --depth', flags.format);
  }
  // Digits only: Number() also takes '' (0), ' 2', '0x1' and '1e1', and an empty $DEPTH must not draw one node.
  if (flags.depth !== undefined && !/^\d+$/.test(flags.depth)) {
    return usageError(io, `--depth ${JSON.stringify(flags.depth)} is not a whole number`, 'pass --depth 0, 1, 2, ...', flags.format);
  }
  const depth = flags.depth === undefined ? undefined : Number(flags.depth);
  if (flags.focus !== undefined && flags.focus.trim() === '') {
    return usageError(io, '--focus is empty', 'pass --focus the name of what to draw around', flags.format);
  }
  const repositoryViews = await import('./repository-views.js');
  if (repositoryViews.isRepositoryAudit(flags, io)) {
    if (slotLabelWithoutKit(flags, io) === 3) return 3;
    const { depth: _depthText, ...repositoryFlags } = flags;
    return repositoryViews.runRepositoryGraph({ ...repositoryFlags, ...(depth !== undefined ? { depth } : {}) }, io);
  }
  if (repositoryOptionsOnKit(flags, io) === 3) return 3;
  const model = await loadModel(flags, io);
  if (model === 3) return 3;
  if (flags.focus !== undefined && !model.graph.hasNode(flags.focus)) {
    const guess = closestNameOrPart(flags.focus, model.graph.nodes());
    return usageError(io, `no HelmRelease named ${flags.focus}`, guess ? `did you mean --focus ${guess}?` : 'pass --focus the metadata.name of a HelmRelease or expected slot', flags.format);
  }
  const view = buildGraphView(model, flags.focus === undefined ? undefined : { name: flags.focus, ...(depth !== undefined ? { depth } : {}) });
  let text: string;
  switch (flags.format) {
    case 'mermaid': {
      const mermaid = await import('../graph/mermaid.js');
      text = mermaid.formatMermaid(view);
      const note = mermaid.mermaidEdgeNote(view.edges.length);
      if (note) io.stderr(note);
      break;
    }
    case 'dot':
      text = (await import('../graph/dot.js')).formatDot(view, undefined, undefined, new Set(model.cycles.flat()));
      break;
    case 'json':
      text = `${JSON.stringify(view, null, 2)}\n`;
      break;
    case 'text':
      text = (await import('../graph/text.js')).formatGraphText(view, flags.output === undefined ? await textStyle(flags, io) : undefined, new Set(model.cycles.flat()));
      break;
    case 'svg':
      text = (await import('../graph/svg.js')).formatSvg(view, { cycles: model.cycles });
      break;
  }
  return emit(text, flags.output, io, model.repository, flags.format);
}
