'use client';
import { useState } from 'react';

async function post<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(`/api${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { ok: boolean; data?: T; error?: { message: string } };
  if (!json.ok) throw new Error(json.error?.message ?? 'Something went wrong.');
  return json.data as T;
}

/** Join a live session: the code from the projector (or the QR code's link) and, the first time, a name. */
export function JoinSessionForm({ initialCode, signedInAs }: { initialCode: string; signedInAs?: string }) {
  const [code, setCode] = useState(initialCode);
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="panel"
      style={{ display: 'grid', gap: '.6rem', maxWidth: 420 }}
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        setError(undefined);
        (async () => {
          if (!signedInAs) await post('/session/learner', { displayName: name });
          const joined = await post<{ session: { sessionId: string } }>('/sessions/join', { code });
          window.location.href = `/live/${joined.session.sessionId}`;
        })().catch((err: Error) => {
          setError(err.message);
          setBusy(false);
        });
      }}
    >
      <h2 style={{ margin: 0 }}>Join a live session</h2>
      <label htmlFor="code">Join code</label>
      <input
        id="code"
        value={code}
        onChange={(e) => setCode(e.target.value.toUpperCase())}
        maxLength={6}
        required
        autoFocus={!initialCode}
        autoComplete="off"
        style={{ letterSpacing: '.2em', fontFamily: 'ui-monospace, monospace' }}
        aria-describedby="code-help"
      />
      <span id="code-help" className="muted">
        6 letters and digits, as your instructor shows them.
      </span>
      {signedInAs ? (
        <p style={{ margin: 0 }}>
          Joining as <strong>{signedInAs}</strong>.
        </p>
      ) : (
        <>
          <label htmlFor="join-name">Your name</label>
          <input
            id="join-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={40}
            required
            autoFocus={!!initialCode}
          />
        </>
      )}
      <button type="submit" disabled={busy}>
        {busy ? 'Joining…' : 'Join'}
      </button>
      {error && (
        <p role="alert" className="bad" style={{ margin: 0 }}>
          {error}
        </p>
      )}
    </form>
  );
}
