'use client';
import { useEffect, useState } from 'react';
import type { ConnectRefusalData } from '@/app/_shared/protocol';
import { REFUSED_EVENT } from '@/app/_hooks/socket-call';

/**
 * Says why the server refused this page's connection, at the top of every page: an old tab
 * after a deploy is asked to reload (with a button), too many tabs to close one.
 */
export function ConnectionNotice() {
  const [refusal, setRefusal] = useState<ConnectRefusalData>();
  useEffect(() => {
    const on = (e: Event) => setRefusal((e as CustomEvent<ConnectRefusalData>).detail);
    window.addEventListener(REFUSED_EVENT, on);
    return () => window.removeEventListener(REFUSED_EVENT, on);
  }, []);
  if (!refusal) return null;
  return (
    <div role="alert" className="connection-notice">
      <span>{refusal.message}</span>
      {refusal.code === 'PROTOCOL_MISMATCH' || refusal.code === 'TOO_MANY_CONNECTIONS' ? (
        <button type="button" onClick={() => window.location.reload()}>
          Reload the page
        </button>
      ) : null}
    </div>
  );
}
