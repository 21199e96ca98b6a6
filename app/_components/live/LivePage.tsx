'use client';
import { useMemo, useState } from 'react';
import { useLiveSession } from '@/app/_hooks/useLiveSession';
import { PlayPage } from '../play/PlayPage';

const MODE = { solo: 'Solo', team: 'Team', race: 'Race' } as const;

/**
 * A learner in a live session: the session's bar (team, status, the instructor's messages, the
 * race's leaderboard), the levels to choose from, and the play page on the team's attempt.
 */
export function LivePage({ sessionId }: { sessionId: string }) {
  const { view, error, connected, selections, select, live, notices, dismiss } = useLiveSession(sessionId);
  const [levelId, setLevelId] = useState<string>();
  const marks = useMemo(() => {
    const m = new Map<string, string>();
    for (const s of Object.values(selections))
      if (s.resourceId) m.set(s.resourceId, m.has(s.resourceId) ? `${m.get(s.resourceId)}, ${s.name}` : s.name);
    return m;
  }, [selections]);

  if (error)
    return (
      <main>
        <p className="bad" role="alert">
          Could not open the session: {error}
        </p>
        <p>
          <a href="/join">Join with a code</a>
        </p>
      </main>
    );
  if (!view || !live)
    return (
      <main>
        <p role="status" aria-busy="true">
          Connecting to the session…
        </p>
      </main>
    );
  const current = levelId ?? view.levels[0]!.levelId;
  const status = view.session.status;

  return (
    <main>
      <div className="live-bar" data-testid="live-bar">
        <strong style={{ fontSize: '1.1rem' }}>{view.session.title}</strong>
        <span className="badge">{MODE[view.session.mode]}</span>
        <span>
          {view.session.mode === 'team' ? <>{view.me.teamName}: </> : null}
          <span data-testid="team-members">{view.me.members.map((m) => m.name).join(', ')}</span>
        </span>
        <span role="status" className={connected ? 'muted' : 'warn'}>
          {connected ? 'connected' : 'reconnecting…'}
        </span>
        {Object.values(selections)
          .filter((s) => s.resourceId)
          .map((s) => (
            <span key={s.userId} className="muted" data-testid="teammate-selection">
              {s.name} is looking at {s.resourceId}
            </span>
          ))}
      </div>
      {notices.length > 0 && (
        <div className="notices" role="status" aria-live="assertive" data-testid="notices">
          {notices.map((n) => (
            <div key={n.id} className={`notice notice-${n.kind}`} data-testid={`notice-${n.kind}`}>
              <span aria-hidden="true">{n.kind === 'hint' ? '💡' : '✉'}</span>
              <span>{n.text}</span>
              <button type="button" onClick={() => dismiss(n.id)} aria-label="Dismiss this notice">
                ✕
              </button>
            </div>
          ))}
        </div>
      )}
      {status !== 'running' && (
        <p className="banner" role="status" data-testid="session-status">
          {status === 'paused'
            ? 'The instructor paused the session: you can look around, but changes and grading wait until it resumes.'
            : 'This session has ended. Your results are kept.'}
        </p>
      )}
      {view.messages.length > 0 && (
        <section
          className="panel messages"
          aria-label="Messages from the instructor"
          aria-live="polite"
          data-testid="messages"
          style={{ marginBottom: '.5rem' }}
        >
          {view.messages.slice(-5).map((m) => (
            <p key={m.seq} style={{ margin: '.1rem 0' }}>
              <strong>{m.from}:</strong> {m.text}
            </p>
          ))}
        </section>
      )}
      <div className="live-bar">
        {view.levels.length > 1 && (
          <nav aria-label="Levels in this session" className="tabs">
            {view.levels.map((l) => (
              <button key={l.levelId} aria-pressed={l.levelId === current} onClick={() => setLevelId(l.levelId)}>
                {l.title} · {l.checksPassed}/{l.checksTotal}
              </button>
            ))}
          </nav>
        )}
        {view.leaderboard && (
          <section aria-label="Leaderboard" data-testid="leaderboard" className="muted">
            Leaderboard:{' '}
            {view.leaderboard.slice(0, 5).map((r, i) => (
              <span
                key={r.teamId}
                style={{ marginRight: '.75rem' }}
                className={r.teamId === view.me.teamId ? 'ok' : ''}
              >
                {i + 1}. {r.name} {r.points} pts{r.hints > 0 ? ` (${r.hints} hints)` : ''}
              </span>
            ))}
          </section>
        )}
      </div>
      <PlayPage
        key={current}
        levelId={current}
        live={live}
        me={view.me.userId}
        onSelectResource={select}
        marks={marks}
      />
    </main>
  );
}
