/**
 * The points a set of checks is worth. Its own module so that the browser's bundle, which
 * grades previews through evaluate.ts, does not pull in the challenge schemas.
 */
export function totalPoints(checks: readonly { points: number }[]): number {
  return checks.reduce((n, k) => n + k.points, 0);
}
