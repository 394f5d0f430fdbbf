import type { FluxVersionPin } from '../model/flux-api.js';
import type { YamlFile } from './yaml-file.js';
import type { YamlNode } from './yaml-tree.js';
import { mapValue, scalarString } from './yaml-tree.js';

// The Flux version a repository installs, where the repository says so. Which
// HelmRelease API versions a cluster serves depends on it (src/model/flux-api.ts):
// a home lab that pins Flux 2.2 writes v2beta2, and v2 would be rejected there.
// Read from the three ways Flux is installed from Git:
//   - flux bootstrap's gotk-components.yaml, whose header says `# Flux Version: v2.2.2` (an older one's objects are
//     labelled `app.kubernetes.io/version: v0.16.0`);
//   - an OCIRepository of Flux's own manifests (oci://ghcr.io/fluxcd/flux-manifests) at a tag, or a
//     GitRepository of Flux's own repository (github.com/fluxcd/flux2, applied from ./manifests) at a tag;
//   - flux-operator's FluxInstance `spec.distribution.version`, or the same value given to
//     the flux-instance chart (`spec.values.instance.distribution.version`).

const FLUX_MANIFESTS_URL = /^oci:\/\/[^/]+\/fluxcd\/flux-manifests\/?$/;
const FLUX_REPOSITORY_URL = /^(?:https:\/\/|ssh:\/\/git@)github\.com[/:]fluxcd\/flux2(?:\.git)?\/?$/;
const GOTK_HEADER = /^# Flux Version: (\S+)[ \t]*$/m;

/**
 * The Flux 2 minor version that `written` installs: `v2.2.2` and `2.2.x` are 2.2, and a Flux
 * before 2.0 is its 0.x minor less 100 (`v0.31.4` -84... -69, below every 2.x: Kustomization v1beta2 came
 * with 0.26, a review's probe); a range that allows the newest Flux (`2.x`, `*`) or is
 * not understood gives undefined, which is judged as the newest, as the tool did before it read pins.
 */
export function fluxMinorOf(written: string): number | undefined {
  const match = /^v?(0|2)\.(\d+)(?:\.(?:\d+|x|\*)(?:-[0-9A-Za-z.-]+)?)?$/.exec(written.trim());
  if (!match) return undefined;
  return match[1] === '0' ? Number(match[2]) - 100 : Number(match[2]);
}

/** The Flux version one object installs (a FluxInstance, a flux-instance HelmRelease, Flux's manifests by OCI tag). */
export function fluxVersionPinOf(file: YamlFile, node: YamlNode | null): FluxVersionPin | undefined {
  if (node?.kind !== 'map') return undefined;
  const kind = scalarString(mapValue(node, ['kind']));
  const apiVersion = scalarString(mapValue(node, ['apiVersion'])) ?? '';
  let versionNode: YamlNode | null = null;
  if (kind === 'FluxInstance' && apiVersion.startsWith('fluxcd.controlplane.io/')) {
    versionNode = mapValue(node, ['spec', 'distribution', 'version']);
  } else if (kind === 'HelmRelease' && apiVersion.startsWith('helm.toolkit.fluxcd.io/') && isFluxInstanceChart(node)) {
    versionNode = mapValue(node, ['spec', 'values', 'instance', 'distribution', 'version']);
  } else if ((kind === 'OCIRepository' || kind === 'GitRepository') && apiVersion.startsWith('source.toolkit.fluxcd.io/')
    && (kind === 'OCIRepository' ? FLUX_MANIFESTS_URL : FLUX_REPOSITORY_URL).test(scalarString(mapValue(node, ['spec', 'url'])) ?? '')) {
    versionNode = mapValue(node, ['spec', 'ref', 'tag']);
  }
  const written = scalarString(versionNode);
  if (written === undefined || written.includes('${')) return undefined;
  return { written, minor: fluxMinorOf(written), location: file.locate(versionNode) };
}

/**
 * The version a flux-instance chart's values file sets (`instance.distribution.version`), where a
 * configMapGenerator feeds the file to the chart through valuesFrom (Chrtol/home-cluster, a trial's probe).
 */
export function valuesFileVersionPin(file: YamlFile, values: YamlNode | null): FluxVersionPin | undefined {
  const versionNode = mapValue(values, ['instance', 'distribution', 'version']);
  const written = scalarString(versionNode);
  if (written === undefined || written.includes('${')) return undefined;
  return { written, minor: fluxMinorOf(written), location: file.locate(versionNode) };
}

/**
 * The version label of the first object of Flux's own manifests (its Namespace, labelled part-of: flux): what
 * identifies a gotk-components.yaml that an older flux bootstrap wrote without the header (v0.16.0, a trial's probe:
 * Smana/flux-demo's betas were "rejected", and the fix offered versions its CRDs do not serve).
 */
const GOTK_VERSION_LABEL = /^[ \t]+app\.kubernetes\.io\/version: ["']?(v?\d[^\s"']*)["']?[ \t]*$/m;
const GOTK_PART_OF_LABEL = /^[ \t]+app\.kubernetes\.io\/part-of: ["']?flux["']?[ \t]*$/m;

/**
 * flux bootstrap's header in gotk-components.yaml: the version it generated the file for; without the header (written
 * before flux bootstrap added it), the version label of its first object, which every object of the file carries.
 */
export function gotkHeaderPin(path: string, text: string): FluxVersionPin | undefined {
  const header = GOTK_HEADER.exec(text);
  const match = header ?? (GOTK_PART_OF_LABEL.test(text) ? GOTK_VERSION_LABEL.exec(text) : null);
  if (!match) return undefined;
  const before = text.slice(0, match.index);
  let line = 1;
  for (let index = before.indexOf('\n'); index !== -1; index = before.indexOf('\n', index + 1)) line += 1;
  const written = match[1]!;
  return { written, minor: fluxMinorOf(written), location: { file: path, line, column: match[0].indexOf(written) + 1 } };
}

/** A HelmRelease of flux-operator's flux-instance chart (by its chart, or the chartRef's name). */
export function isFluxInstanceChart(node: YamlNode): boolean {
  const chart = scalarString(mapValue(node, ['spec', 'chart', 'spec', 'chart'])) ?? scalarString(mapValue(node, ['spec', 'chartRef', 'name']));
  return chart !== undefined && /(^|\/)flux-instance$/.test(chart);
}
