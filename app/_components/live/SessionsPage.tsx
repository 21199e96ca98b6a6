'use client';
import { useState } from 'react';
import type { SessionSummary } from '@/app/_shared/live-events';
import { SESSION_MODES, type SessionMode } from '@/app/_shared/live-protocol';

const MODE_HELP: Record<SessionMode, string> = {
  solo: 'each learner plays their own topology',
  team: '2 to 5 learners edit one topology together',
  race: 'each learner alone, ranked by points, then time, then hints',
};

/** The instructor's sessions, and a form to open a new one. */
export function SessionsPage({
  sessions,
  levels,
}: {
  sessions: (SessionSummary & { createdAt: string; learners: number })[];
  levels: { id: string; title: string; order: number }[];
}) {
  const [title, setTitle] = useState('');
  const [mode, setMode] = useState<SessionMode>('solo');
  const [teamSize, setTeamSize] = useState(3);
  const [stuckMinutes, setStuckMinutes] = useState(5);
  /** minutes; empty for no limit */
  const [timeLimit, setTimeLimit] = useState('');
  const [picked, setPicked] = useState<string[]>(levels.slice(0, 1).map((l) => l.id));
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function create() {
    setBusy(true);
    setError(undefined);
    const res = await fetch('/api/sessions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        title,
        mode,
        levelIds: picked,
        stuckMinutes,
        ...(mode === 'team' ? { teamSize } : {}),
        ...(timeLimit.trim() ? { timeLimitMinutes: Number(timeLimit) } : {}),
      }),
    });
    const json = (await res.json()) as {
      ok: boolean;
      data?: SessionSummary;
      error?: { message: string; details?: { path: string; message: string }[] };
    };
    if (!json.ok) {
      const where = Array.isArray(json.error?.details)
        ? json.error.details.map((d) => `${d.path}: ${d.message}`).join('; ')
        : '';
      setError(`${json.error?.message ?? 'Something went wrong.'}${where ? ` (${where})` : ''}`);
      setBusy(false);
      return;
    }
    window.location.href = `/sessions/${json.data!.sessionId}`;
  }

  return (
    <main className="sessions-grid">
      <form
        className="panel"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
        style={{ display: 'grid', gap: '.6rem', alignContent: 'start' }}
      >
        <h1 style={{ margin: 0, fontSize: '1.3rem' }}>Open a live session</h1>
        <label htmlFor="title">Title</label>
        <input
          id="title"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          maxLength={80}
          required
          placeholder="Week 3: NAT and failover"
        />
        <fieldset style={{ border: 'none', padding: 0, margin: 0 }}>
          <legend>Mode</legend>
          {SESSION_MODES.map((m) => (
            <label key={m} style={{ display: 'block' }}>
              <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => setMode(m)} /> {m}{' '}
              <span className="muted">— {MODE_HELP[m]}</span>
            </label>
          ))}
        </fieldset>
        {mode === 'team' && (
          <label>
            Learners per team{' '}
            <input
              type="number"
              min={2}
              max={5}
              value={teamSize}
              onChange={(e) => setTeamSize(Number(e.target.value))}
              style={{ width: '4rem' }}
            />
          </label>
        )}
        <label>
          Flag a learner as stuck after{' '}
          <input
            type="number"
            min={1}
            max={120}
            value={stuckMinutes}
            onChange={(e) => setStuckMinutes(Number(e.target.value))}
            style={{ width: '4.5rem' }}
          />{' '}
          minutes without progress
        </label>
        <label>
          Time limit{' '}
          <input
            type="number"
            min={5}
            max={600}
            value={timeLimit}
            placeholder="none"
            onChange={(e) => setTimeLimit(e.target.value)}
            style={{ width: '5.5rem' }}
          />{' '}
          minutes <span className="muted">(the projector counts it down)</span>
        </label>
        <fieldset style={{ border: 'none', padding: 0, margin: 0 }}>
          <legend>Levels</legend>
          {levels.map((l) => (
            <label key={l.id} style={{ display: 'block' }}>
              <input
                type="checkbox"
                checked={picked.includes(l.id)}
                onChange={(e) => setPicked((p) => (e.target.checked ? [...p, l.id] : p.filter((x) => x !== l.id)))}
              />{' '}
              {l.order}. {l.title}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={busy}>
          {busy ? 'Opening…' : 'Open the session'}
        </button>
        {error && (
          <p role="alert" className="bad" style={{ margin: 0 }}>
            {error}
          </p>
        )}
      </form>
      <section className="panel" aria-labelledby="yours">
        <h2 id="yours" style={{ marginTop: 0 }}>
          Your sessions
        </h2>
        {sessions.length === 0 && <p className="muted">None yet.</p>}
        <ul style={{ paddingLeft: '1rem' }}>
          {sessions.map((s) => (
            <li key={s.sessionId}>
              <a href={`/sessions/${s.sessionId}`}>{s.title}</a>{' '}
              <span className="muted">
                · {s.mode} · code {s.code} · {s.learners} learners · {s.status}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
