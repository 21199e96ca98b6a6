'use client';
import { useState } from 'react';

/**
 * Join with a display name (learners) or sign in (instructors); then go where the visitor was going,
 * or to the course (learners) or their sessions (instructors).
 */
export function JoinForm({ next }: { next?: string }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  async function post(path: string, body: unknown, home: string) {
    setError(undefined);
    const res = await fetch(`/api${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { ok: boolean; error?: { message: string } };
    if (!json.ok) return setError(json.error?.message ?? 'Something went wrong.');
    window.location.href = next ?? home;
  }
  return (
    <div style={{ display: 'grid', gap: '1rem', maxWidth: 420 }}>
      <form
        className="panel"
        onSubmit={(e) => {
          e.preventDefault();
          void post('/session/learner', { displayName: name }, '/course');
        }}
      >
        <h2>Join as a learner</h2>
        <label htmlFor="name">Your name</label>{' '}
        <input id="name" value={name} onChange={(e) => setName(e.target.value)} maxLength={40} required autoFocus />{' '}
        <button type="submit">Join</button>
        <p className="muted" style={{ marginBottom: 0 }}>
          In a class with a join code? <a href="/join">Join the live session</a>.
        </p>
      </form>
      <details className="panel">
        <summary>Instructor sign-in</summary>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void post('/session/instructor', { email, password }, '/sessions');
          }}
          style={{ display: 'grid', gap: '.5rem', marginTop: '.5rem' }}
        >
          <label>
            Email <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
          </label>
          <label>
            Password <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} required />
          </label>
          <button type="submit">Sign in</button>
        </form>
      </details>
      {error && (
        <p role="alert" className="bad">
          {error}
        </p>
      )}
    </div>
  );
}
