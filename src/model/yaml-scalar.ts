/**
 * A value as it should be pasted into a block YAML line: plain when YAML reads
 * it back as the same string, else double-quoted (JSON's escapes are valid
 * YAML). A file name with " #" would paste as a comment, one with ": " as a
 * mapping, "true" or "08" as another type.
 */
export function yamlScalar(value: string): string {
  const plain = value !== ''
    // eslint-disable-next-line no-control-regex
    && !/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.test(value)
    && !/^[-?:,[\]{}#&*!|>'"%@`\s]/.test(value)
    && !/: |:$| #|\s$/.test(value)
    && !/^(?:true|false|yes|no|on|off|y|n|null|~|[-+]?(?:\d[\d_]*)?(?:\.\d*)?(?:[eE][-+]?\d+)?|[-+]?\.(?:inf|nan)|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|\d+(?::\d+)+)$/i.test(value);
  return plain ? value : JSON.stringify(value);
}
