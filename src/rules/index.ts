import type { RuleMeta } from './rule.js';
import apiRemovedVersion from './api-removed-version.js';
import apiUnknownKind from './api-unknown-kind.js';
import apiInvalidDuration from './api-invalid-duration.js';
import apiUnknownVersion from './api-unknown-version.js';
import expectedAmbiguousName from './expected-ambiguous-name.js';
import nameInvalid from './name-invalid.js';
import orderParentTimeout from './order-parent-timeout.js';
import dependsOnInvalidReadyExpr from './dependson-invalid-ready-expr.js';
import dependsOnReplacedByPatch from './dependson-replaced-by-patch.js';
import dependsOnBypassed from './dependson-bypassed.js';
import dependsOnSuspended from './dependson-suspended.js';
import dependsOnUnknownTarget from './dependson-unknown-target.js';
import dependsOnUnreadTarget from './dependson-unread-target.js';
import dependsOnUnwaitedKustomization from './dependson-unwaited-kustomization.js';
import dependsOnWaitDeadlock from './dependson-wait-deadlock.js';
import dependsOnWrongKind from './dependson-wrong-kind.js';
import dependsOnDuplicate from './dependson-duplicate.js';
import dependsOnConflictingCopies from './dependson-conflicting-copies.js';
import dependsOnNamespaceMismatch from './dependson-namespace-mismatch.js';
import dependsOnUnresolved from './dependson-unresolved.js';
import driftExtraEdge from './drift-extra-edge.js';
import driftMissingEdge from './drift-missing-edge.js';
import driftUndeclaredHr from './drift-undeclared-hr.js';
import expectedDuplicateSlot from './expected-duplicate-slot.js';
import expectedSharedSlot from './expected-shared-slot.js';
import expectedUnknownDependency from './expected-unknown-dependency.js';
import graphCycle from './graph-cycle.js';
import kustomizationPathNotFound from './kustomization-path-not-found.js';
import kustomizationResourceNotInArtifact from './kustomization-resource-not-in-artifact.js';
import kustomizationBuildFailed from './kustomization-build-failed.js';
import kustomizationCopiesItself from './kustomization-copies-itself.js';
import resourceSetBuildFailed from './resourceset-build-failed.js';
import { inputRules } from './input-rules.js';
import type { InputRuleId } from './input-rules.js';
import slotExternalResource from './slot-external-resource.js';
import slotLabelMismatch from './slot-label-mismatch.js';
import slotMissingResource from './slot-missing-resource.js';
import slotPrefixMismatch from './slot-prefix-mismatch.js';
import slotSharedPrefix from './slot-shared-prefix.js';
import slotUnregisteredFile from './slot-unregistered-file.js';
import suppressionInvalidAnnotation from './suppression-invalid-annotation.js';
import suppressionUnused from './suppression-unused.js';

/** Every rule that runs on a loaded model, in the contract's order. */
export const rules = [
  driftUndeclaredHr,
  driftMissingEdge,
  driftExtraEdge,
  expectedUnknownDependency,
  expectedDuplicateSlot,
  expectedSharedSlot,
  graphCycle,
  slotUnregisteredFile,
  slotMissingResource,
  slotExternalResource,
  slotPrefixMismatch,
  slotLabelMismatch,
  slotSharedPrefix,
  dependsOnNamespaceMismatch,
  dependsOnUnresolved,
  dependsOnDuplicate,
  expectedAmbiguousName,
  apiRemovedVersion,
  apiUnknownVersion,
  apiUnknownKind,
  apiInvalidDuration,
  nameInvalid,
  dependsOnUnknownTarget,
  dependsOnUnreadTarget,
  dependsOnWrongKind,
  dependsOnSuspended,
  dependsOnUnwaitedKustomization,
  dependsOnInvalidReadyExpr,
  dependsOnWaitDeadlock,
  dependsOnReplacedByPatch,
  orderParentTimeout,
  kustomizationPathNotFound,
  kustomizationResourceNotInArtifact,
  kustomizationBuildFailed,
  kustomizationCopiesItself,
  resourceSetBuildFailed,
  dependsOnBypassed,
  dependsOnConflictingCopies,
  suppressionInvalidAnnotation,
] as const;

/** Every rule id a report can carry: the union of the catalogue's ids, so a typo does not compile. */
export type RuleId = (typeof rules)[number]['id'] | typeof suppressionUnused.id | InputRuleId;

/** Metadata of every rule id a report can carry, the loader's input/* ones included. */
export const ruleCatalogue: readonly RuleMeta<RuleId>[] = [...rules, suppressionUnused, ...inputRules];

export function ruleMeta(id: string): RuleMeta<RuleId> | undefined {
  return ruleCatalogue.find((rule) => rule.id === id);
}

export { defineRule, defineRuleMeta, docsPath, docsUrl } from './rule.js';
export type { Rule, RuleFinding, RuleMeta } from './rule.js';
export type { InputRuleId } from './input-rules.js';
