// Flux 2.7+ lets a dependsOn item say when its dependency counts as ready: a
// CEL expression over `self` (the dependent) and `dep` (the dependency) that
// must evaluate to a bool. The controllers reject anything else at
// reconcile time, so the dependent never starts; this checks it offline.
// The CEL library is loaded only when some item has a readyExpr.

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
    dependsOn: new Environment({ unlistedVariablesAreDyn: false }).registerVariable('self', 'map').registerVariable('dep', 'map'),
    object: new Environment({ unlistedVariablesAreDyn: true }),
  };
  for (const { scope, expression } of unique) {
    const key = readyExprKey(scope, expression);
    let result: { valid: boolean; type?: string; error?: Error };
    try {
      result = environments[scope].check(expression) as typeof result;
    } catch (error) {
      result = { valid: false, error: error as Error };
    }
    if (!result.valid) {
      const message = (result.error?.message ?? 'it does not compile').split('\n')[0]!.trim();
      problems.set(key, /Unknown variable|not declared|undeclared/i.test(message)
        ? `${message} (only self and dep exist)` : message);
    } else if (scope === 'object' && dependencyHabit(expression)) {
      // Valid CEL over unknown names, but flux-operator binds none called self or dep: it fails when evaluated.
      problems.set(key, `it reads ${dependencyHabit(expression)}., but flux-operator evaluates a ResourceSet's readyExpr over the dependency object itself (status, metadata, spec): there is no ${dependencyHabit(expression)}`);
    } else if (result.type !== 'bool' && result.type !== 'dyn') {
      problems.set(key, `it evaluates to ${result.type}, not bool`);
    } else {
      problems.set(key, undefined);
    }
  }
  return problems;
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
