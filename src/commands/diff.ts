import { join } from 'node:path';
import type { CliIo } from '../cli-io.js';
import { loadKitRepository, resolvePaths } from '../load/repository.js';
import { compareText } from '../model/compare.js';
import { displayLocation } from '../model/paths.js';
import type { HelmRelease, Location, Repository } from '../model/types.js';
import type { RepositoryFlags } from './shared.js';
import { reportInputErrors, repositoryOptions, textStyle, usageError } from './shared.js';
import { existsSync } from 'node:fs';
import { closestName } from '../model/names.js';
import { clusterKitDirs, clusterName } from '../load/kit-dirs.js';
import { displayPath } from '../model/paths.js';
import { printable } from '../report/printable.js';

export interface DiffFlags extends RepositoryFlags {
  against: string;
  format: 'text' | 'json';
  color?: boolean;
}

type Where = string;

export interface KitDifferences {
  cluster: string;
  against: string;
  /** HelmReleases in one kit only. */
  onlyIn: { kit: string; hr: string; slot: string | null; at: Where }[];
  /** dependsOn items one kit has for a HelmRelease and the other lacks. */
  edges: { hr: string; dependency: string; onlyIn: string; at: Where; missingAt: Where }[];
  /** `spec.chart.spec.version` that differ. */
  versions: { hr: string; cluster: { version: string | null; at: Where | null }; against: { version: string | null; at: Where | null } }[];
}

/** Compares two loaded kits: slots, dependsOn edges and chart versions, each located in the file that has it. */
export function diffKits(a: { name: string; repository: Repository }, b: { name: string; repository: Repository }): KitDifferences {
  const cwd = a.repository.cwd;
  const where = (location: Location) => displayLocation(cwd, location);
  const byName = (repository: Repository) => new Map(repository.helmReleases.map((release) => [release.name, release]));
  const releasesA = byName(a.repository);
  const releasesB = byName(b.repository);
  const slotOf = (repository: Repository, release: HelmRelease) =>
    repository.slotFiles.find((file) => file.path === release.file)?.slot?.display ?? null;
  const differences: KitDifferences = { cluster: a.name, against: b.name, onlyIn: [], edges: [], versions: [] };
  for (const [kit, mine, theirs, repository] of [[a.name, releasesA, releasesB, a.repository], [b.name, releasesB, releasesA, b.repository]] as const) {
    for (const [name, release] of mine) {
      if (!theirs.has(name)) differences.onlyIn.push({ kit, hr: name, slot: slotOf(repository, release), at: where(release.location) });
    }
  }
  const names = [...releasesA.keys()].filter((name) => releasesB.has(name)).sort();
  for (const name of names) {
    const [left, right] = [releasesA.get(name)!, releasesB.get(name)!];
    for (const [kit, mine, theirs] of [[a.name, left, right], [b.name, right, left]] as const) {
      const other = new Set(theirs.dependsOn.map((dependency) => dependency.name));
      const seen = new Set<string>();
      for (const dependency of mine.dependsOn) {
        if (other.has(dependency.name) || seen.has(dependency.name)) continue;
        seen.add(dependency.name);
        differences.edges.push({ hr: name, dependency: dependency.name, onlyIn: kit, at: where(dependency.location), missingAt: where(theirs.dependsOnLocation) });
      }
    }
    if (left.chartVersion?.value !== right.chartVersion?.value) {
      differences.versions.push({
        hr: name,
        cluster: { version: left.chartVersion?.value ?? null, at: left.chartVersion ? where(left.chartVersion.location) : null },
        against: { version: right.chartVersion?.value ?? null, at: right.chartVersion ? where(right.chartVersion.location) : null },
      });
    }
  }
  differences.onlyIn.sort((x, y) => compareText(x.hr, y.hr));
  return differences;
}

function kitOf(root: string, cluster: string): string {
  return join(root, 'clusters', cluster, 'bootstrap-kit');
}

/** `diff <cluster> [--against _template]`: exit 0 when the kits agree, 1 when they differ, 3 on bad input. */
export async function runDiff(cluster: string, flags: DiffFlags, io: CliIo): Promise<number> {
  const paths = resolvePaths(repositoryOptions(flags, io));
  const noExpected = { slots: [], findings: [] };
  const kits: { name: string; repository: Repository }[] = [];
  for (const name of [cluster, flags.against]) {
    const kitDir = kitOf(paths.root, name);
    if (!existsSync(kitDir)) {
      const clusters = clusterKitDirs(paths.root).map((dir) => clusterName(paths.root, dir));
      const guess = closestName(name, clusters);
      const fix = clusters.length === 0
        ? `${displayPath(io.cwd, join(paths.root, 'clusters'))} holds no <cluster>/bootstrap-kit; pass --root the repository`
        : guess ? `did you mean ${guess}? Clusters with a kit: ${clusters.join(', ')}` : `name one of the clusters with a kit: ${clusters.join(', ')}`;
      return usageError(io, `no kit for cluster ${name} (${displayLocation(io.cwd, { file: kitDir, line: null, column: null })})`, fix, flags.format);
    }
    const repository = await loadKitRepository({ ...paths, kitDir }, noExpected);
    if (reportInputErrors(repository, io, undefined, flags.format)) return 3;
    kits.push({ name, repository });
  }
  const differences = diffKits(kits[0]!, kits[1]!);
  const count = differences.onlyIn.length + differences.edges.length + differences.versions.length;
  if (flags.format === 'json') {
    io.stdout(`${JSON.stringify(differences, null, 2)}\n`);
    return count === 0 ? 0 : 1;
  }
  const style = await textStyle(flags, io);
  const summary = count === 0 ? style.green('no differences') : style.red(`${count} difference${count === 1 ? '' : 's'}`);
  // Names, versions and paths come from the kits: printed escaped (an ESC in one must not reach the terminal).
  const lines = [`${style.bold(printable(`${cluster} against ${flags.against}`))}: ${summary}`];
  if (differences.onlyIn.length > 0) {
    lines.push('', style.bold('Slots in one kit only:'));
    for (const entry of differences.onlyIn) lines.push(printable(`  only in ${entry.kit}: ${entry.slot ?? '--'} ${entry.hr}  ${entry.at}`));
  }
  if (differences.edges.length > 0) {
    lines.push('', style.bold('dependsOn edges that differ:'));
    for (const edge of differences.edges) {
      const other = edge.onlyIn === cluster ? flags.against : cluster;
      lines.push(printable(`  ${edge.hr} → ${edge.dependency}: in ${edge.onlyIn} (${edge.at}), not in ${other} (${edge.missingAt})`));
    }
  }
  if (differences.versions.length > 0) {
    lines.push('', style.bold('Chart versions that differ:'));
    for (const version of differences.versions) {
      lines.push(printable(`  ${version.hr}: ${version.cluster.version ?? '(none)'} in ${cluster} (${version.cluster.at ?? 'unset'}), ${version.against.version ?? '(none)'} in ${flags.against} (${version.against.at ?? 'unset'})`));
    }
  }
  io.stdout(`${lines.join('\n')}\n`);
  return count === 0 ? 0 : 1;
}
