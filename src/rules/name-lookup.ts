/**
 * Whether a list of a release's items holds a name. A dependsOn list is a few
 * items: searched in place, with no Set built per release and rule. A long one
 * (a hostile file can hold 500,000) gets a Set, so no rule goes quadratic.
 */
export function nameLookup<T>(items: readonly T[], nameOf: (item: T) => string): (name: string) => boolean {
  if (items.length <= 16) return (name) => items.some((item) => nameOf(item) === name);
  const names = new Set(items.map(nameOf));
  return (name) => names.has(name);
}
