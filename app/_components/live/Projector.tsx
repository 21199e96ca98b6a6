'use client';
import { useEffect, useState } from 'react';
import { leaderboard, type DashboardRow } from '@/app/_shared/live-events';
import { useDashboard } from '@/app/_hooks/useDashboard';
import { QrCode } from './QrCode';

/** How tall a leaderboard row is drawn: rows move by this much when ranks change. */
const ROW_PX = 64;
/** the most rows the projector shows */
const SHOWN = 10;

function useClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return now;
}

/** "12:05" for what is left of a time limit; "0:00" once it has run out. */
export function countdown(endsAt: string, now: number): string {
  const left = Math.max(0, Math.ceil((Date.parse(endsAt) - now) / 1000));
  const h = Math.floor(left / 3600);
  const m = Math.floor((left % 3600) / 60);
  const sec = String(left % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/**
 * The session on a projector, for the whole room to read from the back: the join code and QR code
 * in large type, the time left, and a live leaderboard whose rows slide to their new rank as
 * points come in (ranked like a race: points, then who got them first, then fewer hints). When
 * the session ends, or its time runs out, the first three stand on a podium.
 */
export function Projector({ sessionId }: { sessionId: string }) {
  const { view, error, connected } = useDashboard(sessionId);
  const now = useClock();
  const [origin, setOrigin] = useState('');
  useEffect(() => setOrigin(window.location.origin), []);
  if (error)
    return (
      <main className="projector">
        <p className="bad" role="alert">
          Could not open the session: {error}
        </p>
      </main>
    );
  if (!view)
    return (
      <main className="projector">
        <p role="status" aria-busy="true">
          Loading the session…
        </p>
      </main>
    );
  const d = view.state;
  const ranked = leaderboard(d);
  const over = d.status === 'ended' || (d.endsAt !== undefined && Date.parse(d.endsAt) <= now);
  const joinUrl = `${origin}/join?code=${d.code}`;
  return (
    <main className="projector" data-testid="projector">
      <header className="projector-head">
        <div>
          <h1>{d.title}</h1>
          <p className="muted">
            {d.mode} · {Object.keys(d.rows).length} {d.mode === 'team' ? 'teams' : 'learners'} ·{' '}
            {connected ? 'live' : 'reconnecting…'}
          </p>
        </div>
        {d.endsAt && (
          <div
            className={`projector-timer${over ? ' over' : ''}`}
            role="timer"
            aria-label="Time left"
            data-testid="countdown"
          >
            {over ? "Time's up" : countdown(d.endsAt, now)}
          </div>
        )}
      </header>
      {over ? (
        <Podium rows={ranked} />
      ) : (
        <div className="projector-body">
          <section className="projector-join" aria-label="How to join">
            <p>Join at</p>
            <p className="projector-url">{origin.replace(/^https?:\/\//, '')}/join</p>
            <p
              className="projector-code"
              data-testid="projector-code"
              aria-label={`Join code ${d.code.split('').join(' ')}`}
            >
              {d.code}
            </p>
            {origin && <QrCode text={joinUrl} label={`QR code for ${joinUrl}`} />}
          </section>
          <section className="projector-board" aria-label="Leaderboard">
            <h2>Leaderboard</h2>
            {ranked.length === 0 ? (
              <p className="muted">Nobody has joined yet.</p>
            ) : (
              <ol
                className="board"
                style={{ height: Math.min(SHOWN, ranked.length) * ROW_PX }}
                data-testid="projector-board"
              >
                {/* rows keep their place in the DOM (keyed, sorted by name) and slide to their rank */}
                {[...ranked]
                  .map((r, rank) => ({ r, rank }))
                  .filter(({ rank }) => rank < SHOWN)
                  .sort((a, b) => a.r.teamId.localeCompare(b.r.teamId))
                  .map(({ r, rank }) => (
                    <li
                      key={r.teamId}
                      className={`board-row rank-${rank + 1}`}
                      style={{ transform: `translateY(${rank * ROW_PX}px)` }}
                      data-testid="board-row"
                      data-rank={rank + 1}
                    >
                      <span className="board-rank">{rank + 1}</span>
                      <span className="board-name">{r.name}</span>
                      <span className="board-points">{r.points} pts</span>
                      <span className="board-hints muted">{r.hints > 0 ? `${r.hints} hints` : ''}</span>
                    </li>
                  ))}
              </ol>
            )}
          </section>
        </div>
      )}
    </main>
  );
}

/** The first three, second and third beside the winner, on blocks of their rank's height. */
function Podium({ rows }: { rows: DashboardRow[] }) {
  const top = rows.slice(0, 3);
  if (top.length === 0) return <p className="muted">Nobody scored in this session.</p>;
  const order = [top[1], top[0], top[2]].filter((r): r is DashboardRow => r !== undefined);
  return (
    <section className="podium" aria-label="Podium" data-testid="podium">
      {order.map((r) => {
        const place = top.indexOf(r) + 1;
        return (
          <div key={r.teamId} className={`podium-step place-${place}`} data-place={place}>
            <div className="podium-name">{r.name}</div>
            <div className="podium-points">{r.points} pts</div>
            <div className="podium-block" aria-label={`place ${place}`}>
              {place}
            </div>
          </div>
        );
      })}
    </section>
  );
}
