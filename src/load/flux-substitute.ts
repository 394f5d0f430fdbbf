// Flux's postBuild variable substitution, as far as it can be known offline.

const VARIABLE = /\$\$\{|\$\{([_a-zA-Z][_a-zA-Z0-9]*)(?:(:?[-=])([^}]*))?\}/g;

/**
 * Flux's postBuild substitution of one string (fluxcd/pkg/envsubst), as far
 * as it is known offline: `${VAR}` from `substitute`; `${VAR:=default}` (or
 * `:-`, `=`, `-`) takes the default when the variable is unset or empty, which
 * is certain only without `substituteFrom` (a ConfigMap may set it); `$${VAR}`
 * is the literal `${VAR}`. A variable whose value is not known stays as
 * written, and what holds it is not judged.
 */
export function substituteVariables(
  text: string, values: Readonly<Record<string, string>>, open: boolean,
  /**
   * Where every value is known (not `open`), each variable as Flux gives it: an unset one is empty (fluxcd/pkg envsubst,
   * without the strict feature gate), a value holding `${` is its text (substituted once). Only for dependsOn items,
   * whose result the audit judges as a name (a trial's probe: `${APPP}-db`, a typo, was "a variable").
   */
  complete = false,
): string {
  if (!text.includes('${')) return text;
  const known = complete && !open;
  return text.replace(VARIABLE, (whole, name: string | undefined, operator: string | undefined, fallback: string | undefined) => {
    if (name === undefined) return '${'; // $${ escapes: the rest stays as written
    // kustomize-controller drops the line breaks of every value (fluxcd/pkg kustomize_varsub.go: a block scalar's).
    const value = values[name]?.replaceAll('\n', '');
    if (value !== undefined && value.includes('${')) return known ? value : whole;
    if (value !== undefined && value !== '') return value;
    if (operator !== undefined && (value === '' || !open)) return fallback ?? '';
    if (value === '' || known) return '';
    return whole;
  });
}

/** A `${` that opens none of the forms substituteVariables reads (fluxcd/pkg envsubst's `${X,,}`, `${X:0:2}`, `${X/a/b}`...), escapes aside. */
export function hasUnknownVariableForm(text: string): boolean {
  // What VARIABLE does not take (it takes the escape too) leaves a `${` behind.
  return text.replace(VARIABLE, '').includes('${');
}

/** The variables a text names (`${APP}`, `${APP:=x}`), each once, in order; an escaped `$${APP}` names none. */
export function variablesIn(text: string): string[] {
  return [...new Set([...text.matchAll(VARIABLE)].flatMap((match) => (match[1] === undefined ? [] : [match[1]])))];
}
