'use client';
import { useState } from 'react';

/**
 * Who is signed in, as a menu: change the display name (the server replaces the sign-in, so the
 * page reloads with it), or sign out (the server revokes the sign-in, then the page goes home).
 */
export function AccountMenu({ name }: { name: string }) {
  const [busy, setBusy] = useState(false);
  const [draft, setDraft] = useState(name);
  const [error, setError] = useState<string>();
  async function rename() {
    setBusy(true);
    setError(undefined);
    try {
      const res = await fetch('/api/session', {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ displayName: draft }),
      });
      const json = (await res.json()) as { ok: boolean; error?: { message: string } };
      if (!json.ok) throw new Error(json.error?.message ?? 'The name could not be changed.');
      window.location.reload();
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  }
  return (
    <details className="account">
      <summary>
        <span className="sr-only">Signed in as </span>
        {name}
      </summary>
      <div className="panel account-menu">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void rename();
          }}
        >
          <label htmlFor="account-name">Your name</label>
          <div style={{ display: 'flex', gap: '.4rem' }}>
            <input id="account-name" value={draft} maxLength={40} required onChange={(e) => setDraft(e.target.value)} />
            <button type="submit" disabled={busy || draft.trim() === name}>
              Save
            </button>
          </div>
          {error && (
            <p role="alert" className="bad">
              {error}
            </p>
          )}
        </form>
        <button
          type="button"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            await fetch('/api/session', { method: 'DELETE' }).catch(() => undefined);
            window.location.href = '/';
          }}
        >
          Sign out
        </button>
      </div>
    </details>
  );
}
