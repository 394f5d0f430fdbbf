// Flux 2.7+ lets a dependsOn item say when its dependency counts as ready: a
// CEL expression over `self` (the dependent) and `dep` (the dependency) that
// must evaluate to a bool. The controllers reject anything else at
// reconcile time, so the dependent never starts; this checks it offline.
// The CEL library is loaded only when some item has a readyExpr.

/** Why each expression is unusable (undefined when it is fine), keyed by the expression text. */
export type ReadyExprProblems = ReadonlyMap<string, string | undefined>;

export async function checkReadyExprs(expressions: Iterable<string>): Promise<ReadyExprProblems> {
  const unique = [...new Set(expressions)];
  const problems = new Map<string, string | undefined>();
  if (unique.length === 0) return problems;
  const { Environment } = await import('@marcbachmann/cel-js');
  const environment = new Environment({ unlistedVariablesAreDyn: false })
    .registerVariable('self', 'map')
    .registerVariable('dep', 'map');
  for (const expression of unique) {
    let result: { valid: boolean; type?: string; error?: Error };
    try {
      result = environment.check(expression) as typeof result;
    } catch (error) {
      result = { valid: false, error: error as Error };
    }
    if (!result.valid) {
      const message = (result.error?.message ?? 'it does not compile').split('\n')[0]!.trim();
      problems.set(expression, /Unknown variable|not declared|undeclared/i.test(message)
        ? `${message} (only self and dep exist)` : message);
    } else if (result.type !== 'bool' && result.type !== 'dyn') {
      problems.set(expression, `it evaluates to ${result.type}, not bool`);
    } else {
      problems.set(expression, undefined);
    }
  }
  return problems;
}
