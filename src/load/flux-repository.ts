import { buildFluxModel } from '../model/flux-graph.js';
import type { FluxModel } from '../model/flux-graph.js';
import type { Finding } from '../model/types.js';
import { scanFluxRepository } from './flux-scan.js';
import type { ScanOptions } from './flux-scan.js';

/** Every Flux object under the root, as one graph across kinds. Never throws on bad input: see `findings`. */
export async function loadFluxModel(options: ScanOptions): Promise<{ model: FluxModel; findings: Finding[] }> {
  const scan = await scanFluxRepository(options);
  return { model: buildFluxModel(scan.repository, scan.applies), findings: scan.findings };
}
