'use client';
import { useEffect, useState } from 'react';
import { leaderboard, stuckReason, type DashboardRow } from '@/app/_shared/live-events';
import { Guesses } from './Guesses';
import { useDashboard } from '@/app/_hooks/useDashboard';
import { QrCode } from './QrCode';
import { TeamDetail } from './TeamDetail';

/** Re-renders every 15 s, so "no progress for N min" flags appear without an event. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(t);
  }, []);
  return now;
}

/**
 * The instructor's live dashboard: the join code and QR code, pause/resume/end, messages, a
 * grid of learners or teams by checks passed with stuck flags and hints, a team's timeline and
 * topology, and the results as CSV.
 */
export function Dashboard({ sessionId }: { sessionId: string }) {
  const { view, error, connected, online, send, readAttempt } = useDashboard(sessionId);
  const now = useNow();
  const [selected, setSelected] = useState<string>();
  const [message, setMessage] = useState('');
  const [to, setTo] = useState('');
  const [notice, setNotice] = useState<{ ok: boolean; text: string }>();
  const [origin, setOrigin] = useState('');
  useEffect(() => setOrigin(window.location.origin), []);

  if (error)
    return (
      <main>
        <p className="bad" role="alert">
          Could not open the dashboard: {error}
        </p>
        <p>
          <a href="/sessions">Your sessions</a>
        </p>
      </main>
    );
  if (!view)
    return (
      <main>
        <p role="status" aria-busy="true">
          Loading the dashboard…
        </p>
      </main>
    );
  const d = view.state;
  const rows: DashboardRow[] =
    d.mode === 'race' ? leaderboard(d) : Object.values(d.rows).sort((a, b) => a.name.localeCompare(b.name));
  const joinUrl = `${origin}/join?code=${d.code}`;
  const act = (p: Promise<unknown>, done: string) =>
    p.then(
      () => setNotice({ ok: true, text: done }),
      (e: Error) => setNotice({ ok: false, text: e.message }),
    );
  // why each row is stuck on each level, if it is: once per render, for the cells and the count
  const stuck = new Map(
    rows.map((r) => [
      r.teamId,
      new Map(d.levelIds.map((l) => [l, r.levels[l] && stuckReason(r.levels[l], r, now, d.stuckMinutes)])),
    ]),
  );
  const stuckCount = rows.filter((r) => [...stuck.get(r.teamId)!.values()].some(Boolean)).length;

  return (
    <main>
      <div
        style={{ display: 'flex', gap: '1.5rem', flexWrap: 'wrap', alignItems: 'flex-start', marginBottom: '.75rem' }}
      >
        <div>
          <h1 style={{ margin: '0 0 .3rem', fontSize: '1.3rem' }}>{d.title}</h1>
          <p className="muted" style={{ margin: 0 }}>
            {d.mode} · {d.levelIds.length} level{d.levelIds.length > 1 ? 's' : ''} ·{' '}
            <span data-testid="session-status">{d.status}</span> · {connected ? 'live' : 'reconnecting…'}
          </p>
          <p style={{ margin: '.5rem 0 0' }}>
            Join at <strong>{origin}/join</strong> with the code
          </p>
          <p className="code" data-testid="join-code" aria-label={`Join code ${d.code.split('').join(' ')}`}>
            {d.code}
          </p>
          <div style={{ display: 'flex', gap: '.5rem', flexWrap: 'wrap' }}>
            {d.status === 'running' && (
              <button onClick={() => void act(send('session:control', { action: 'pause' }), 'Paused.')}>Pause</button>
            )}
            {d.status === 'paused' && (
              <button onClick={() => void act(send('session:control', { action: 'resume' }), 'Resumed.')}>
                Resume
              </button>
            )}
            {d.status !== 'ended' && (
              <button
                onClick={() => {
                  if (window.confirm('End the session? Learners can no longer change or grade anything.'))
                    void act(send('session:control', { action: 'end' }), 'Ended.');
                }}
              >
                End
              </button>
            )}
            <a href={`/sessions/${sessionId}/projector`} target="_blank" rel="noopener">
              Projector view
            </a>
            <a href={`/api/sessions/${sessionId}/results.csv`} download>
              Export results (CSV)
            </a>
          </div>
        </div>
        {origin && <QrCode text={joinUrl} label={`QR code for ${joinUrl}`} />}
        <form
          className="panel"
          style={{ display: 'grid', gap: '.4rem', minWidth: 320 }}
          onSubmit={(e) => {
            e.preventDefault();
            void act(send('session:broadcast', { text: message, ...(to ? { teamId: to } : {}) }), 'Sent.').then(() =>
              setMessage(''),
            );
          }}
        >
          <label htmlFor="broadcast">Message</label>
          <textarea
            id="broadcast"
            value={message}
            onChange={(e) => setMessage(e.target.value)}
            maxLength={500}
            rows={2}
            required
          />
          <label>
            To{' '}
            <select value={to} onChange={(e) => setTo(e.target.value)}>
              <option value="">everyone</option>
              {rows.map((r) => (
                <option key={r.teamId} value={r.teamId}>
                  {r.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">Send</button>
        </form>
      </div>
      {notice && (
        <p role="status" className={notice.ok ? 'ok' : 'bad'}>
          {notice.text}
        </p>
      )}
      <p className="muted" data-testid="summary">
        {rows.length}{' '}
        {d.mode === 'team' ? (rows.length === 1 ? 'team' : 'teams') : rows.length === 1 ? 'learner' : 'learners'} ·{' '}
        {online.size} online · <span className={stuckCount > 0 ? 'warn' : ''}>{stuckCount} stuck</span>
      </p>
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: selected ? 'minmax(0, 3fr) minmax(340px, 2fr)' : '1fr',
          gap: '.75rem',
        }}
      >
        <table className="grid-table panel" data-testid="progress-grid">
          <caption className="muted" style={{ textAlign: 'left' }}>
            Checks passed per level; select a row for its timeline and topology
          </caption>
          <thead>
            <tr>
              {d.mode === 'race' && <th scope="col">#</th>}
              <th scope="col">{d.mode === 'team' ? 'Team' : 'Learner'}</th>
              {view.levels.map((l) => (
                <th key={l.levelId} scope="col">
                  {l.title}
                </th>
              ))}
              <th scope="col">Hints</th>
              {d.mode === 'race' && <th scope="col">Points</th>}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={view.levels.length + 3} className="muted">
                  Nobody has joined yet. Show the code or the QR code.
                </td>
              </tr>
            )}
            {rows.map((r, i) => (
              <tr key={r.teamId} className={selected === r.teamId ? 'selected' : ''} data-testid={`row-${r.name}`}>
                {d.mode === 'race' && <td>{i + 1}</td>}
                <th scope="row">
                  <button
                    onClick={() => setSelected(selected === r.teamId ? undefined : r.teamId)}
                    aria-expanded={selected === r.teamId}
                    style={{
                      background: 'none',
                      border: 'none',
                      padding: 0,
                      color: 'var(--accent)',
                      textAlign: 'left',
                    }}
                  >
                    {r.name}
                  </button>
                  {d.mode === 'team' && (
                    <div className="muted" style={{ fontWeight: 400 }}>
                      {r.members.map((m) => (
                        <span key={m.userId} style={{ marginRight: '.5rem' }}>
                          <span className={`dot ${online.has(m.userId) ? 'on' : ''}`} aria-hidden />
                          {m.name}
                        </span>
                      ))}
                    </div>
                  )}
                  {d.mode !== 'team' && (
                    <span
                      className={`dot ${r.members.some((m) => online.has(m.userId)) ? 'on' : ''}`}
                      aria-label={r.members.some((m) => online.has(m.userId)) ? 'online' : 'offline'}
                      role="img"
                      style={{ marginLeft: '.4rem' }}
                    />
                  )}
                </th>
                {view.levels.map((l) => {
                  const c = r.levels[l.levelId];
                  const why = stuck.get(r.teamId)!.get(l.levelId);
                  return (
                    <td key={l.levelId} data-testid={`cell-${r.name}-${l.levelId}`}>
                      {!c ? (
                        <span className="muted">not started</span>
                      ) : (
                        <>
                          <span>
                            {c.checksPassed}/{c.checksTotal} checks
                          </span>
                          {c.complete && (
                            <span className="badge ok" style={{ marginLeft: '.3rem' }}>
                              done
                            </span>
                          )}
                          <div className="bar" aria-hidden>
                            <span style={{ width: `${c.checksTotal ? (100 * c.checksPassed) / c.checksTotal : 0}%` }} />
                          </div>
                          <span className="muted">
                            {c.bestScore}/{l.maxScore} pts · {c.steps} steps
                          </span>
                          {why && (
                            <div className="badge warn" data-testid="stuck" style={{ marginTop: '.2rem' }}>
                              stuck: {why}
                            </div>
                          )}
                          <Guesses cell={c} members={r.members} />
                        </>
                      )}
                    </td>
                  );
                })}
                <td>{r.hints}</td>
                {d.mode === 'race' && <td>{r.points}</td>}
              </tr>
            ))}
          </tbody>
        </table>
        {selected && d.rows[selected] && (
          <TeamDetail
            key={selected}
            row={d.rows[selected]}
            levels={view.levels}
            send={send}
            readAttempt={readAttempt}
            onNotice={setNotice}
          />
        )}
      </div>
    </main>
  );
}
