/*
 * Which files and directories the repository walk reads, named once: the
 * repository scan (flux-scan.ts) and the kit loader (kit.ts) read by them,
 * and the express path (express/express-check.ts), which must decline any
 * root where the walk would read more than the kit, checks by them too, so
 * that the two cannot drift apart. Constants only: the express bundle
 * imports this module and nothing it would load.
 */

/** A YAML file, of any case: kustomize reads `01-a.YAML` as well as `01-a.yaml`. */
export const YAML_FILE = /\.ya?ml$/i;

/** A kustomization file without an extension (`Kustomization`), which kustomize builds read beside the YAML files. */
export const EXTENSIONLESS_KUSTOMIZATION = /^kustomization$/i;

/** Directories the repository walk never enters (it counts them as passed over, for --exclude, and reports nothing of them). */
export const UNWALKED_DIRECTORIES: ReadonlySet<string> = new Set(['.git', 'node_modules']);
