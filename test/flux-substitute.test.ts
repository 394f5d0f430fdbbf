// postBuild substitution as fluxcd/pkg/envsubst does it, as far as offline values go.
import { describe, expect, it } from 'vitest';
import { substituteVariables } from '../src/load/flux-substitute.js';

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
});
