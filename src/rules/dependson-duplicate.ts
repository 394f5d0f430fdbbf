import type { AuditModel } from '../model/audit-model.js';
import { displayLocation } from '../model/paths.js';
import { describeObject, inAuditedKit, subject } from './flux-subjects.js';
import { defineRule } from './rule.js';
import type { RuleFinding } from './rule.js';

export default defineRule({
  id: 'dependsOn/duplicate',
  severity: 'warning',
  description: 'the same dependency listed twice',
  help: 'Delete the repeated dependsOn item.',
  check(model) {
    const { repository } = model;
    const findings: RuleFinding[] = [];
    for (const release of repository.helmReleases) {
      const items = release.dependsOn;
      const namespaceOf = (dependency: (typeof items)[number]) => dependency.namespace ?? release.namespace ?? '';
      // A few items: compared in place. A long list (a hostile file) gets a Map, so this never goes quadratic.
      // Keyed by namespace, then name: no `namespace/name` string per item (520,000 items in one file).
      const firstLines = items.length > 16 ? new Map<string, Map<string, number | null>>() : undefined;
      // How often each repeated item is listed so far (only repeats get a key: a list of distinct names none).
      let repeats: Map<string, number> | undefined;
      for (let index = 0; index < items.length; index += 1) {
        const dependency = items[index]!;
        // The line of the first item with this namespace and name, when this one is not the first.
        let firstLine: number | null | undefined;
        if (firstLines) {
          const namespace = namespaceOf(dependency);
          let named = firstLines.get(namespace);
          if (!named) firstLines.set(namespace, named = new Map());
          firstLine = named.get(dependency.name);
          if (firstLine === undefined && !named.has(dependency.name)) named.set(dependency.name, dependency.location.line);
        } else {
          const first = items.findIndex((other) => other.name === dependency.name && namespaceOf(other) === namespaceOf(dependency));
          if (first < index) firstLine = items[first]!.location.line;
        }
        if (firstLine === undefined) continue;
        const repeated = `${namespaceOf(dependency)}\u0000${dependency.name}`;
        const times = ((repeats ??= new Map()).get(repeated) ?? 1) + 1;
        repeats.set(repeated, times);
        findings.push({
          message: `${release.name} lists ${dependency.name} ${timesWord(times)} in spec.dependsOn (first at line ${firstLine})`,
          fix: 'delete this item',
          hr: release.name,
          dependency: dependency.name,
          location: dependency.location,
        });
      }
    }
    return [...findings, ...repositoryFindings(model)];
  },
});

/**
 * Every other Flux object of the repository (the audited kit's HelmReleases are judged above): the same kind,
 * namespace (the object's own where the item names none, but for a ResourceSet's) and name twice. One finding per place, however many
 * clusters apply the file.
 */
function repositoryFindings(model: AuditModel): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const reported = new Set<string>();
  for (const object of model.flux?.objects ?? []) {
    if (object.dependsOn.length < 2 || inAuditedKit(model, object)) continue;
    const first = new Map<string, (typeof object.dependsOn)[number]>();
    const seen = new Map<string, number>();
    for (const dependency of object.dependsOn) {
      // A ResourceSet looks an item up as written: without a namespace it is another object than with its own.
      const namespace = dependency.namespace ?? (object.kind === 'ResourceSet' ? '' : object.namespace ?? '');
      const key = `${dependency.kind ?? ''}\u0000${namespace}\u0000${dependency.name}`;
      const earlier = first.get(key);
      seen.set(key, (seen.get(key) ?? 0) + 1);
      if (!earlier) {
        first.set(key, dependency);
        continue;
      }
      const at = `${dependency.location.file}:${dependency.location.line}:${dependency.location.column}`;
      if (reported.has(at)) continue;
      reported.add(at);
      const firstAt = earlier.location.file === dependency.location.file ? `line ${earlier.location.line}` : displayLocation(model.repository.cwd, earlier.location);
      // Two items that differ in what they wait for (a ResourceSet's ready: true, a readyExpr): deleting the repeat
      // would drop what it adds (a review's probe).
      const differ = Boolean(earlier.ready) !== Boolean(dependency.ready) || earlier.readyExpr?.value !== dependency.readyExpr?.value;
      findings.push({
        message: `${describeObject(object)} lists ${dependency.name} ${timesWord(seen.get(key)!)} in spec.dependsOn (first at ${firstAt})`,
        fix: differ ? 'merge the two items into one that keeps what each says (ready, readyExpr), and delete the other' : 'delete this item',
        ...subject(object),
        dependency: dependency.name,
        location: dependency.location,
      });
    }
  }
  return findings;
}

/** How often the item is listed so far, as the message at its repeat says it: twice, a third time... (a trial's remark: the fourth said "twice"). */
function timesWord(times: number): string {
  if (times <= 2) return 'twice';
  return `a ${times === 3 ? 'third' : times === 4 ? 'fourth' : times === 5 ? 'fifth' : `${times}th`} time`;
}
