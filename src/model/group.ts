/** `items` grouped by `key`, each group in the items' order, groups in the order their keys first appear. */
export function groupBy<T, K>(items: Iterable<T>, key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const itemKey = key(item);
    const group = groups.get(itemKey);
    // Pushed in place: a copy per item made large groups quadratic.
    if (group) group.push(item);
    else groups.set(itemKey, [item]);
  }
  return groups;
}
