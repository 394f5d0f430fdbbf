/** The kit audit's counts as the summary line words them (text.ts; the express path prints the same words). */
export function kitSummaryCounts(
  counts: { present: number; expected: number; deferred: number; drift: number; cycles: number; suppressed?: number },
  several = false,
): string {
  return [
    `Present ${counts.present}`,
    `Declared expected ${counts.expected}${several ? ' each' : ''}`,
    `Deferred ${counts.deferred}`,
    `Drift ${counts.drift}`,
    `Cycles ${counts.cycles}`,
    ...(counts.suppressed ? [`Suppressed ${counts.suppressed}`] : []),
  ].join(' · ');
}
