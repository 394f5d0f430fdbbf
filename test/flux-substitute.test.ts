// postBuild substitution as fluxcd/pkg/envsubst does it, as far as offline values go.
import { describe, expect, it } from 'vitest';
import { hasUnknownVariableForm, substituteVariables } from '../src/load/flux-substitute.js';

describe('substituteVariables', () => {
  const values = { NS: 'team-a', EMPTY: '', LATER: '${CLUSTER}' };

  it('replaces ${VAR} from substitute, and leaves an unknown one as written', () => {
    expect(substituteVariables('${NS}-db', values, false)).toBe('team-a-db');
    expect(substituteVariables('${MISSING}', values, false)).toBe('${MISSING}');
    expect(substituteVariables('plain', values, false)).toBe('plain');
  });

  it('takes a default for an empty or unset variable with every operator; unset only without substituteFrom', () => {
    for (const operator of [':=', ':-', '=', '-']) {
      expect(substituteVariables(`b\${EMPTY${operator}dflt}`, values, true)).toBe('bdflt');
      expect(substituteVariables(`\${UNSET${operator}dflt}`, values, false)).toBe('dflt');
      expect(substituteVariables(`\${UNSET${operator}dflt}`, values, true)).toBe(`\${UNSET${operator}dflt}`);
    }
    expect(substituteVariables('${NS:=other}', values, true)).toBe('team-a');
  });

  it('keeps $${VAR} as the literal ${VAR}, and a value that is itself a variable unresolved', () => {
    expect(substituteVariables('$${NS}', values, false)).toBe('${NS}');
    expect(substituteVariables('${LATER}', values, false)).toBe('${LATER}');
    expect(substituteVariables('$NS', values, false)).toBe('$NS');
  });

  // A trial's probe: with every value known, `${APPP}-db` (a typo) reaches the controller as `-db`, and a value
  // holding `${` as its text; with substituteFrom, values may come from the cluster: left as written.
  it('complete (dependsOn items): an unset variable is empty, and a value is its text, where no substituteFrom may set them', () => {
    expect(substituteVariables('${APPP}-db', values, false, true)).toBe('-db');
    expect(substituteVariables('${LATER}', values, false, true)).toBe('${CLUSTER}');
    expect(substituteVariables('$${NS}-${NS}', values, false, true)).toBe('${NS}-team-a');
    expect(substituteVariables('${APPP}-db', values, true, true)).toBe('${APPP}-db');
    expect(substituteVariables('${LATER}', values, true, true)).toBe('${LATER}');
  });

  // A review's probe: `${APP,,}` (lower case, fluxcd/pkg envsubst) is a variable this reading does not work out, so
  // what holds it is no literal text.
  it('tells the forms it does not read from those it does', () => {
    for (const form of ['${APP,,}', '${APP^^}', '${APP:0:2}', '${APP/a/b}', '${APP:+x}', '${APP#x}']) expect(hasUnknownVariableForm(`${form}-db`), form).toBe(true);
    for (const form of ['${APP}', '${APP:=x}', '${APP-x}', '$${APP,,}', 'plain']) expect(hasUnknownVariableForm(`${form}-db`), form).toBe(false);
  });
});
