import { readFileSync, statSync } from 'node:fs';
import { parseDuration } from '../model/cold-start.js';
import type { RequeueSetting } from '../model/flux-objects.js';
import type { YamlFile } from './yaml-file.js';
import type { YamlNode } from './yaml-tree.js';
import { mapValue, scalarString, textsBelow } from './yaml-tree.js';

// The settings of the controllers' --requeue-dependency in a file's text (see RequeueSetting).

export const REQUEUE_FLAG = '--requeue-dependency';

// `--requeue-dependency=5s`, or the flag and its value as two items of an args list.
const SETTING = /--requeue-dependency(?:=|["']?[ \t]*\r?\n[ \t]*-[ \t]+)["']?([0-9][0-9a-z\u00b5.]*)/g;
/** A `#` that starts a YAML comment: at the line's start or after a space (a quoted `#` is taken for one too: rare, and safe). */
const COMMENT = /(?:^|[ \t])#/;

/** Every setting in a file's text, located at its value; one in a comment, whose value is not a duration (the controller would not start), or zero, is passed over. */
export function requeueSettingsIn(path: string, text: string): RequeueSetting[] {
  if (!text.includes(REQUEUE_FLAG)) return [];
  const settings: RequeueSetting[] = [];
  for (const match of text.matchAll(SETTING)) {
    const written = match[1]!;
    const seconds = parseDuration(written);
    // Zero: the controller requeues no dependency by time (controller-runtime's RequeueAfter 0), so there is no
    // interval to price; the estimate keeps the default rather than divide by it.
    if (seconds === undefined || seconds === 0) continue;
    const at = match.index + match[0].length - written.length;
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    // Commented out is not set: what precedes the flag on its own line.
    const flagLineStart = text.lastIndexOf('\n', match.index - 1) + 1;
    if (COMMENT.test(text.slice(flagLineStart, match.index))) continue;
    let line = 1;
    for (let index = text.indexOf('\n'); index !== -1 && index < at; index = text.indexOf('\n', index + 1)) line += 1;
    settings.push({ seconds, written, location: { file: path, line, column: at - lineStart + 1 } });
  }
  return settings;
}

/**
 * The settings in a kustomization generator's YAML source (Helm values a configMapGenerator makes a ConfigMap
 * of), read from disk; none for another kind of file, one too large to be values, or one not there (the
 * build fails on it, which kustomize reports where Flux builds it).
 */
export function requeueSettingsInFile(file: string): RequeueSetting[] {
  if (!/\.ya?ml$/.test(file)) return [];
  try {
    if (statSync(file).size > GENERATOR_SOURCE_BYTES) return [];
    return requeueSettingsIn(file, readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
}

/** Helm values are kilobytes: a larger generator source (a dashboard's JSON) is not read for settings. */
const GENERATOR_SOURCE_BYTES = 1024 * 1024;

/**
 * The --requeue-dependency a FluxInstance's `cluster.size` profile gives kustomize-controller and helm-controller
 * (flux-operator's builder, profiles.go: small 10s, medium and large 5s; none by default), located at the size.
 * `instance`: a FluxInstance's spec, or the flux-instance chart's `instance` values. None where its own
 * `kustomize.patches` set the flag: they are applied after the profile, and the flag's last value wins (a trial's
 * probe: every size was read as the 30 s default).
 */
export function clusterSizeSetting(file: YamlFile, instance: YamlNode | null): RequeueSetting | undefined {
  const sizeNode = mapValue(instance, ['cluster', 'size']);
  const size = scalarString(sizeNode);
  const written = size === 'small' ? '10s' : size === 'medium' || size === 'large' ? '5s' : undefined;
  if (written === undefined || !sizeNode || [...textsBelow(mapValue(instance, ['kustomize', 'patches']))].some((text) => text.includes(REQUEUE_FLAG))) return undefined;
  return { seconds: parseDuration(written)!, written, location: file.locate(sizeNode), profile: `cluster.size: ${size}` };
}
