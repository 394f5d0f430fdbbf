import type { Finding, Location } from '../model/types.js';
import type { InputRuleId } from '../rules/input-rules.js';

/** `input/*` findings stop the audit with exit 3; every one says what is wrong and how to fix it. */
export function inputFinding(rule: InputRuleId, location: Location | null, message: string, fix: string): Finding {
  return { rule, severity: 'error', message, fix, location };
}

export function wholeFile(file: string): Location {
  return { file, line: null, column: null };
}

/** Turns a file-system error into the one finding that says what to do about it. */
export function fileReadFinding(
  path: string,
  error: unknown,
  notFound: { message: string; fix: string } = { message: 'no such file', fix: 'check the path, or create the file' },
): Finding {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const at = wholeFile(path);
  switch (code) {
    case 'ENOENT':
      return inputFinding('input/not-found', at, notFound.message, notFound.fix);
    case 'EISDIR':
      return inputFinding('input/not-found', at, 'is a directory, not a file', 'point at the YAML file inside it');
    case 'EACCES':
    case 'EPERM':
      return inputFinding('input/unreadable', at, 'permission denied', 'make the file readable by this user');
    case 'ELOOP':
      return inputFinding('input/unreadable', at, 'symbolic link loop', 'point the link at a real file');
    default:
      return inputFinding('input/unreadable', at, `cannot read the file (${code ?? String(error)})`,
        'check that the file exists and is readable');
  }
}
