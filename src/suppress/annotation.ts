import type { AuditModel } from '../model/audit-model.js';
import type { Finding } from '../model/types.js';

export const IGNORE_ANNOTATION = 'bootstrap-deps.io/ignore';

export interface IgnoreEntry {
  rule: string;
  reason: string;
}

/** One problem with an annotation line: what is wrong, and the text to suggest against. */
export interface IgnoreProblem {
  message: string;
  /** The rule id as written, when the line had one (for did-you-mean). */
  rule?: string;
}

const ENTRY = /^([A-Za-z]+\/[A-Za-z0-9-]+)\s*:\s*(.*)$/;

/**
 * `"<rule>: <reason>"`, one per line (a block scalar holds several). The
 * reason is required: a suppression nobody can explain is a finding waiting
 * to come back. `knownRule` says which ids exist and may be suppressed.
 */
export function parseIgnoreAnnotation(text: string, knownRule: (id: string) => boolean): { entries: IgnoreEntry[]; problems: IgnoreProblem[] } {
  const entries: IgnoreEntry[] = [];
  const problems: IgnoreProblem[] = [];
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  if (lines.length === 0) problems.push({ message: `the ${IGNORE_ANNOTATION} annotation is empty or not a string` });
  for (const line of lines) {
    const match = ENTRY.exec(line);
    if (!match) {
      problems.push({ message: `"${line}" is not "<rule>: <reason>"` });
      continue;
    }
    const [, rule, reason] = match as unknown as [string, string, string];
    if (rule.startsWith('input/') || rule.startsWith('suppression/')) {
      problems.push({ message: `${rule} cannot be suppressed` });
    } else if (!knownRule(rule)) {
      problems.push({ message: `unknown rule id ${rule}`, rule });
    } else if (reason.trim() === '') {
      problems.push({ message: `the suppression of ${rule} gives no reason` });
    } else {
      entries.push({ rule, reason: reason.trim() });
    }
  }
  return { entries, problems };
}

/** A finding an annotation took out of the report, with the reason it gave. */
export interface AnnotatedFinding {
  finding: Finding;
  reason: string;
}

/**
 * Something that can carry the annotation: a kit's HelmRelease (findings name
 * it by `hr`), or any Flux object of the repository audit (by `object`, its id).
 */
export interface AnnotatedSubject {
  /** As messages print it. */
  name: string;
  hr?: string;
  object?: string;
  file: string;
  annotation: { value: string; location: Finding['location'] };
}

/** Every annotated subject of a run: the kit's HelmReleases, then the repository's other Flux objects. */
export function annotatedSubjects(model: AuditModel): AnnotatedSubject[] {
  const subjects: AnnotatedSubject[] = model.repository.helmReleases.flatMap((release) => release.ignoreAnnotation
    ? [{ name: release.name, hr: release.name, file: release.file, annotation: release.ignoreAnnotation }] : []);
  for (const object of model.flux?.objects ?? []) {
    if (!object.ignoreAnnotation) continue;
    const id = `${object.kind}/${object.namespace ?? ''}/${object.name}`;
    subjects.push({ name: `${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${object.name}`, object: id, file: object.file, annotation: object.ignoreAnnotation });
  }
  return subjects;
}

/** Whether a finding is about this subject: it names it, or (naming nothing) sits in its file. */
function concerns(finding: Finding, subject: AnnotatedSubject): boolean {
  if (subject.object !== undefined && finding.object !== undefined) return finding.object === subject.object;
  if (subject.hr !== undefined && finding.hr !== undefined) return finding.hr === subject.hr;
  if (finding.object !== undefined || finding.hr !== undefined) return false;
  return finding.location?.file === subject.file;
}

/**
 * Applies every valid `bootstrap-deps.io/ignore` entry of the kit's
 * HelmReleases and of the repository's Flux objects. Returns the findings that
 * stay, the ones suppressed (with their reason) and a `suppression/unused`
 * finding for each entry that suppressed nothing, so stale annotations do not pile up.
 */
export function applyIgnoreAnnotations(
  model: AuditModel,
  findings: readonly Finding[],
  knownRule: (id: string) => boolean,
  /** Whether the rule was run (not left out, not turned off): only then can its entry be unused. */
  judged: (id: string) => boolean = () => true,
): { kept: Finding[]; suppressed: AnnotatedFinding[]; unused: Finding[] } {
  const annotated = annotatedSubjects(model);
  if (annotated.length === 0) return { kept: [...findings], suppressed: [], unused: [] };
  const suppressed: AnnotatedFinding[] = [];
  const unused: Finding[] = [];
  let kept = [...findings];
  // One annotation in a base that several overlays apply is on each copy: an entry is unused only when
  // it suppresses nothing on any of them.
  const where = (subject: AnnotatedSubject, rule: string) => `${subject.annotation.location?.file}:${subject.annotation.location?.line}:${subject.annotation.location?.column}\u0000${rule}`;
  const used = new Set<string>();
  const idle = new Map<string, { subject: AnnotatedSubject; rule: string }>();
  for (const subject of annotated) {
    for (const entry of parseIgnoreAnnotation(subject.annotation.value, knownRule).entries) {
      const matches = (finding: Finding) => finding.rule === entry.rule && concerns(finding, subject);
      const hits = kept.filter(matches);
      if (hits.length === 0) {
        if (judged(entry.rule) && !idle.has(where(subject, entry.rule))) idle.set(where(subject, entry.rule), { subject, rule: entry.rule });
        continue;
      }
      used.add(where(subject, entry.rule));
      kept = kept.filter((finding) => !matches(finding));
      for (const finding of hits) suppressed.push({ finding, reason: entry.reason });
    }
  }
  for (const [key, { subject, rule }] of idle) {
    if (used.has(key)) continue;
    unused.push({
      rule: 'suppression/unused',
      severity: 'error',
      message: `the ${IGNORE_ANNOTATION} annotation of ${subject.name} suppresses ${rule}, which no longer reports anything here`,
      fix: `remove "${rule}: ..." from the annotation`,
      ...(subject.hr ? { hr: subject.hr } : {}),
      ...(subject.object ? { object: subject.object } : {}),
      location: subject.annotation.location,
    });
  }
  return { kept, suppressed, unused };
}
