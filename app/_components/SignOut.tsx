'use client';
import { useState } from 'react';

/** Who is signed in, and a button that signs out: the server revokes the sign-in, then the page goes home. */
export function SignOut({ name }: { name: string }) {
  const [busy, setBusy] = useState(false);
  return (
    <span className="signed-in">
      <span className="muted">{name}</span>
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
    </span>
  );
}
