// Flux 2.7+ lets a dependsOn item say when its dependency counts as ready: a
// CEL expression over `self` (the dependent) and `dep` (the dependency) that
// must evaluate to a bool. The controllers reject anything else at
// reconcile time, so the dependent never starts; this checks it offline.
// The CEL library is loaded only when some item has a readyExpr.

import type { Environment, RegisterFunctionDeclaration } from '@marcbachmann/cel-js';

/** Why each expression is unusable (undefined when it is fine), keyed by the expression text. */
export type ReadyExprProblems = ReadonlyMap<string, string | undefined>;

/**
 * `dependsOn`: HelmRelease and Kustomization items, evaluated over self and
 * dep. `object`: ResourceSet items, which flux-operator evaluates against the
 * dependency object itself (`status.conditions...`), any top-level field.
 */
export type ReadyExprScope = 'dependsOn' | 'object';

/** The key a problem is stored under. */
export function readyExprKey(scope: ReadyExprScope, expression: string): string {
  return `${scope}\u0000${expression}`;
}

export async function checkReadyExprs(expressions: Iterable<{ scope: ReadyExprScope; expression: string }>): Promise<ReadyExprProblems> {
  const unique = [...new Map([...expressions].map((entry) => [readyExprKey(entry.scope, entry.expression), entry])).values()];
  const problems = new Map<string, string | undefined>();
  if (unique.length === 0) return problems;
  const { Environment } = await import('@marcbachmann/cel-js');
  const environments = {
    // Aggregate literals may mix a field of dep (dyn) with a string, as cel-go joins dyn with any type; a literal of
    // two concrete types (`[1, 2.0]`), which cel-go refuses, passes here: a false error would be worse.
    dependsOn: withFluxExtensions(new Environment({ unlistedVariablesAreDyn: false, enableOptionalTypes: true, homogeneousAggregateLiterals: false }))
      .registerVariable('self', 'map').registerVariable('dep', 'map'),
    object: withFluxExtensions(new Environment({ unlistedVariablesAreDyn: true, enableOptionalTypes: true, homogeneousAggregateLiterals: false })),
  };
  for (const { scope, expression } of unique) {
    const key = readyExprKey(scope, expression);
    let result: { valid: boolean; type?: string; error?: Error };
    try {
      result = environments[scope].check(expression) as typeof result;
    } catch (error) {
      result = { valid: false, error: error as Error };
    }
    // flux-operator only parses a ResourceSet's readyExpr (cel.NewExpression without its compile option): what
    // parses is taken, whatever its types (a review's probe: `status.x in ['a', 1]`).
    if (!result.valid && scope === 'object' && parses(environments.object, expression)) result = { valid: true, type: 'dyn' };
    if (!result.valid) {
      const message = (result.error?.message ?? 'it does not compile').split('\n')[0]!.trim();
      problems.set(key, /Unknown variable|not declared|undeclared/i.test(message)
        ? `${message} (only self and dep exist)` : message);
    } else if (scope === 'object' && dependencyHabit(expression)) {
      // Valid CEL over unknown names, but flux-operator binds none called self or dep: it fails when evaluated.
      problems.set(key, `it reads ${dependencyHabit(expression)}., but flux-operator evaluates a ResourceSet's readyExpr over the dependency object itself (status, metadata, spec): there is no ${dependencyHabit(expression)}`);
    } else if (scope === 'dependsOn' && result.type === 'dyn') {
      // The controllers compile it with self and dep as google.protobuf.Struct, whose fields have no type until
      // evaluated, and require bool at compile time (fluxcd/pkg runtime/cel: "output type mismatch: expected bool, got dyn").
      problems.set(key, 'it evaluates to dyn (a field of self or dep has no type until it is evaluated), but the controllers compile readyExpr to bool: compare it, as in dep.spec.suspend == false');
    } else if (result.type !== 'bool' && result.type !== 'dyn') {
      problems.set(key, `it evaluates to ${result.type}, not bool`);
    } else {
      problems.set(key, undefined);
    }
  }
  return problems;
}

/** Whether an expression parses (a syntax error throws). */
function parses(environment: Environment, expression: string): boolean {
  try {
    environment.parse(expression);
    return true;
  } catch {
    return false;
  }
}

/** A CEL type of this tool's for a namespace of Flux's extension functions (`sets.contains(...)`): never a value. */
class CelNamespace {}

/**
 * The CEL library's environment with what fluxcd/pkg's runtime/cel adds to cel-go's (both controllers and
 * flux-operator compile readyExpr with it): optional types (enabled by the caller), and the string, set and encoder
 * extensions (cel-go ext.Strings, ext.Sets, ext.Encoders). Only their signatures matter: expressions are checked,
 * never evaluated. The library has most string functions already (an overlap is skipped); the namespaced ones
 * (`sets.contains`, `base64.encode`, `strings.quote`) are methods of a variable of that name here.
 */
function withFluxExtensions(environment: Environment): Environment {
  const register = (declaration: string | RegisterFunctionDeclaration) => {
    try {
      if (typeof declaration === 'string') environment.registerFunction(declaration, () => null);
      else environment.registerFunction(declaration);
    } catch (error) {
      // Already the library's own (lowerAscii, split, join...): its declaration serves.
      if (!/overlaps with existing overload/.test((error as Error).message)) throw error;
    }
  };
  for (const signature of [
    'string.charAt(int): string', 'string.format(list): string', 'string.replace(string, string): string', 'string.replace(string, string, int): string',
    'string.reverse(): string', 'string.lowerAscii(): string', 'string.upperAscii(): string', 'string.trim(): string',
    'string.split(string): list<string>', 'string.split(string, int): list<string>', 'string.indexOf(string, int): int',
    'string.lastIndexOf(string, int): int', 'list<string>.join(): string', 'list<string>.join(string): string',
    // cel-go's standard library declares matches as a global function too.
    'matches(string, string): bool',
  ]) register(signature);
  const namespaces: Record<string, [name: string, params: string[], returns: string][]> = {
    sets: [['contains', ['list', 'list'], 'bool'], ['equivalent', ['list', 'list'], 'bool'], ['intersects', ['list', 'list'], 'bool']],
    base64: [['encode', ['bytes'], 'string'], ['decode', ['string'], 'bytes']],
    strings: [['quote', ['string'], 'string']],
  };
  for (const [namespace, functions] of Object.entries(namespaces)) {
    const type = `${namespace}.namespace`;
    environment.registerType(type, class extends CelNamespace {});
    environment.registerVariable(namespace, type);
    for (const [name, params, returnType] of functions) {
      register({ name, receiverType: type, returnType, handler: () => null, params: params.map((paramType, index) => ({ name: `arg${index}`, type: paramType })) });
    }
  }
  return environment;
}

/**
 * `self` or `dep` read as a variable (`dep.status...`, the habit HelmRelease and Kustomization items teach),
 * outside string literals; undefined when neither is.
 */
function dependencyHabit(expression: string): string | undefined {
  const code = expression.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
  // A name a macro binds (`exists(self, self.type == ...)`) is the macro's variable, not flux-operator's.
  const bound = new Set([...code.matchAll(/\(\s*(self|dep)\s*,/g)].map((match) => match[1]));
  for (const match of code.matchAll(/(?:^|[^.\w])(self|dep)\s*[.[]/g)) if (!bound.has(match[1]!)) return match[1];
  return undefined;
}
