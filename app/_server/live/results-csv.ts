import type { DashboardState } from '@/app/_shared/live-events';

/** RFC 4180 quoting: a field with a comma, quote or line break is quoted, quotes doubled. Formula prefixes are defused for spreadsheets. */
function field(v: string | number | boolean): string {
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const HEADER = [
  'session',
  'team',
  'learner',
  'level',
  'best score',
  'max score',
  'checks passed',
  'checks total',
  'complete',
  'hints used',
  'steps',
  'last activity',
];

/**
 * One line per learner and level of the session, from the folded dashboard. A level not
 * started still counts its checks; "last activity" is when that learner last acted on that
 * level (empty if never).
 */
export function resultsCsv(
  d: DashboardState,
  levels: ReadonlyMap<string, { maxScore: number; checks: number }>,
): string {
  const lines = [HEADER.map(field).join(',')];
  const rows = Object.values(d.rows).sort((a, b) => a.name.localeCompare(b.name));
  for (const row of rows) {
    for (const m of row.members) {
      for (const levelId of d.levelIds) {
        const c = row.levels[levelId];
        lines.push(
          [
            d.title,
            row.name,
            m.name,
            levelId,
            c?.bestScore ?? 0,
            levels.get(levelId)?.maxScore ?? 0,
            c?.checksPassed ?? 0,
            c?.checksTotal || (levels.get(levelId)?.checks ?? 0),
            c?.complete ?? false,
            c?.hints ?? 0,
            c?.steps ?? 0,
            c?.activity?.[m.userId] ?? '',
          ]
            .map(field)
            .join(','),
        );
      }
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
