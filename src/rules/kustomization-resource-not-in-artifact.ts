import { dirname } from 'node:path';
import { displayPath } from '../model/paths.js';
import { ignoreWritten, keepLine, leavesOut, sparseLeavesOut } from './artifact-text.js';
import { describeObject, subject } from './flux-subjects.js';
import { defineRule } from './rule.js';
import type { RuleFinding } from './rule.js';

// source-controller builds a GitRepository's artifact without what the
// repository's .sourceignore files and the spec.ignore leave out;
// kustomize-controller then builds spec.path from that artifact. A
// kustomization that lists a file the artifact lacks (a resource, a patch
// file, or the kustomization file of a listed directory or component) fails
// that build: the Kustomization applies nothing, and what depends on it
// waits. The repository holds the file, so `kustomize build` on a checkout
// passes: only the artifact shows it. Judged, as path-not-found is, for the
// GitRepository this repository is synced through, where every GitRepository
// of that name leaves the file out. So is a listed file, directory, component
// or patch file that is a symbolic link: source-controller archives regular
// files and directories only. One finding per Kustomization whose build
// fails, so that each is told (explain, the object field). What the
// kustomization lists is audited as if the build passed (the fix is to keep
// the file).
export default defineRule({
  id: 'kustomization/resource-not-in-artifact',
  severity: 'error',
  description: 'a kustomization that a Flux Kustomization builds lists a file that its GitRepository\'s artifact leaves out (.sourceignore or spec.ignore)',
  help: 'Keep the file in the artifact: narrow the pattern that leaves it out, or add a "!" line after it; or remove the entry.',
  check(model) {
    const findings: RuleFinding[] = [];
    const repository = model.flux?.repository;
    if (!repository?.resourcesLeftOut) return findings;
    for (const left of repository.resourcesLeftOut) {
      const path = displayPath(repository.root, left.path);
      // A directory comes back whole: its kustomization file and what that lists.
      const kept = left.directory ? displayPath(repository.root, dirname(left.path)) : path;
      const by = leavesOut(left.ignoreFile, left.source);
      const where = ignoreWritten(left.ignoreFile, left.source, left.ignoreLine);
      const keep = keepLine(left.ignoreFile, kept);
      // A glob that leaves out more than was meant (`*.sops.yaml` for `.sops.yaml`) is better narrowed than excepted file by file.
      const pattern = left.pattern === undefined ? `a pattern in ${where}` : `the pattern "${left.pattern}" (${where})`;
      const failure = left.directory && !left.link ? 'kustomize finds no kustomization file in the directory'
        : left.field === 'resources' ? '"accumulating resources: ... no such file or directory"' : '"no such file or directory"';
      for (const kustomization of left.appliedBy) {
        const fails = `kustomize-controller's build of ${describeObject(kustomization)} fails (${failure}), so it applies nothing and what depends on ${kustomization.name} waits for ever`;
        // source-controller archives regular files and directories only (fluxcd/pkg artifact/storage): a link is not there.
        // Where nothing is written, source-controller's own default exclusions decide (fluxcd/pkg SourceIgnoreFilter):
        // an image or archive a generator reads is not in the artifact, and any pattern written turns them off.
        if (left.sparseCheckout) {
          findings.push({
            message: `${left.field}: entry ${left.entry} ${left.directory ? 'is built from' : 'is'} ${path}, which ${sparseLeavesOut(left.sparseCheckout, left.source)}: the file is in the repository, but ${fails}`,
            fix: `add ${kept} (or a directory above it) to the spec.sparseCheckout of GitRepository ${left.source}, or remove the entry`,
            ...subject(kustomization),
            location: left.location,
          });
          continue;
        }
        if (left.byDefault) {
          findings.push({
            message: `${left.field}: entry ${left.entry} is ${path}, which source-controller leaves out of the artifact of GitRepository ${left.source} by default (no .sourceignore and no spec.ignore is written, so its default exclusions apply, "${left.pattern}" among them): the file is in the repository, but ${fails}`,
            fix: `write the patterns yourself: a .sourceignore at the repository root (any pattern turns the default exclusions off) or the GitRepository's spec.ignore; or remove the entry`,
            ...subject(kustomization),
            location: left.location,
          });
          continue;
        }
        findings.push(left.link ? {
          message: `${left.field}: entry ${left.entry} is ${path}, ${left.linkedDirectory ? `below ${displayPath(repository.root, left.linkedDirectory)}, a symbolic link` : 'a symbolic link'}, which source-controller leaves out of the artifact of GitRepository ${left.source} (it archives regular files and directories only${left.linkedDirectory ? ', and nothing below a link' : ''}): kustomize follows the link on a checkout, but ${fails}`,
          fix: left.linkedDirectory
            ? `replace the linked directory ${displayPath(repository.root, left.linkedDirectory)} with the directory itself, or name the path it points to; or remove the entry`
            : `replace the link with the ${left.directory ? 'directory' : 'file'} itself, or list the path it points to; or remove the entry`,
          ...subject(kustomization),
          location: left.location,
        } : {
          message: `${left.field}: entry ${left.entry} ${left.directory ? 'is built from' : 'is'} ${path}, which ${by}: the file is in the repository, but ${fails}`,
          fix: `${pattern} leaves it out: add a "${keep}" line after it (or narrow the pattern), or remove the entry`,
          ...subject(kustomization),
          location: left.location,
        });
      }
    }
    return findings;
  },
});
