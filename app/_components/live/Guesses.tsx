'use client';
import { WRONG_GUESSES_WORTH_A_VISIT, type DashboardRow, type LevelCell } from '@/app/_shared/live-events';

/**
 * A level cell's predictions: how each member's guesses before traffic tests compare with what
 * happened, and who guessed wrong several times in a row (worth a visit). Guesses are never
 * scored; they show how a learner's model of the network is doing.
 */
export function Guesses({ cell, members }: { cell: LevelCell; members: DashboardRow['members'] }) {
  const tallies = members.flatMap((m) => {
    const t = cell.predictions?.[m.userId];
    return t ? [{ ...m, ...t }] : [];
  });
  if (tallies.length === 0) return null;
  return (
    <div data-testid="guesses" style={{ fontSize: 13 }}>
      {tallies.map((t) => (
        <div key={t.userId}>
          <span className="muted">
            {members.length > 1 ? `${t.name}: ` : ''}guesses {t.right} right, {t.wrong} wrong
          </span>
          {t.wrongInARow >= WRONG_GUESSES_WORTH_A_VISIT && (
            <div className="badge warn" data-testid="guessing-wrong" style={{ marginTop: '.2rem' }}>
              {t.name} guessed wrong {t.wrongInARow} times in a row: worth a visit
            </div>
          )}
        </div>
      ))}
    </div>
  );
}

/** Each member's latest guesses on a level, beside what happened (the team's detail panel). */
export function GuessList({ cell, members }: { cell: LevelCell | undefined; members: DashboardRow['members'] }) {
  const rows = members.flatMap((m) =>
    (cell?.predictions?.[m.userId]?.recent ?? []).map((g) => ({ ...g, name: m.name })),
  );
  if (rows.length === 0) return null;
  return (
    <div>
      <strong>Predictions</strong> <span className="muted">(their guess before each traffic test, never scored)</span>
      <ul data-testid="guess-list" style={{ margin: '.3rem 0 0', paddingLeft: '1.2rem', fontSize: 14 }}>
        {rows.map((g, i) => (
          <li key={i}>
            {members.length > 1 ? `${g.name}: ` : ''}
            {g.summary.replace(/: [^:]*$/, '')}: guessed {g.guess}, got {g.actual}{' '}
            <span className={g.right ? 'badge ok' : 'badge warn'}>{g.right ? 'right' : 'wrong'}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
