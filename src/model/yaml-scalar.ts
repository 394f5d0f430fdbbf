/**
 * A value as it should be pasted into YAML: plain when YAML reads it back as
 * the same string, else double-quoted (JSON's escapes are valid YAML). A file
 * name with " #" would paste as a comment, one with ": " as a mapping, "true"
 * or "08" as another type.
 */
export function yamlScalar(value: string): string {
  const plain = /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/.test(value)
    && !/^(?:true|false|yes|no|on|off|y|n|null|~|[-+]?(?:\d[\d_]*)?(?:\.\d*)?(?:[eE][-+]?\d+)?|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|\d+(?::\d+)+)$/i.test(value);
  return plain ? value : JSON.stringify(value);
}
