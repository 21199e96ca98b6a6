'use client';
import { useState, type InputHTMLAttributes } from 'react';
import { FLOW_RESULTS } from '@/engine/model/expect';
import type { Prediction } from '@/engine/grade/prediction';

/** The answer that sends without a guess. */
const NO_GUESS = 'no-guess';
/** Outcomes where something stopped the packet, so the guess may say where. */
const STOPPED = new Set(['dropped', 'request-only', 'reset']);

/** One labelled text field of the panel's grid. */
function Field({
  id,
  label,
  value,
  onChange,
  ...input
}: { id: string; label: string; value: string; onChange: (v: string) => void } & Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'id' | 'value' | 'onChange'
>) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input id={id} value={value} onChange={(e) => onChange(e.target.value)} {...input} />
    </>
  );
}

/**
 * Sends one flow and reports what happened to it (an `expect` step with `result: any`). Before
 * it runs, the panel asks for a guess (roundtrip, or dropped, and where?): observe, guess, then
 * test. The guess goes with the step, is never scored, and the trace shows it beside what
 * happened. A flow may be kept open as a named session: the page can send on it again later,
 * from the client or from the server's end, as the lab format's `flow:` and `direction: reply` do.
 */
export function TrafficTester({
  sources,
  sessions,
  onSend,
}: {
  sources: string[];
  /** the traffic sessions open in the attempt, by name */
  sessions: readonly string[];
  onSend: (expect: Record<string, unknown>, prediction?: Prediction) => void;
}) {
  const [guess, setGuess] = useState('');
  const [where, setWhere] = useState('');
  const [from, setFrom] = useState(sources[0] ?? '');
  const [to, setTo] = useState('');
  const [protocol, setProtocol] = useState('icmp');
  const [port, setPort] = useState('443');
  const [sourcePort, setSourcePort] = useState('');
  const [session, setSession] = useState('');
  const ports = protocol !== 'icmp';
  const name = session.trim();
  return (
    <div className="panel" data-testid="traffic-tester">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const place = STOPPED.has(guess) ? where.trim() : '';
          const prediction =
            guess === NO_GUESS ? undefined : ({ result: guess, ...(place !== '' ? { at: place } : {}) } as Prediction);
          onSend(
            {
              from,
              to,
              protocol,
              ...(ports ? { port: Number(port) } : {}),
              ...(ports && sourcePort.trim() !== '' ? { sourcePort: Number(sourcePort) } : {}),
              ...(name !== '' ? { flow: name } : {}),
              result: 'any',
            },
            prediction,
          );
          setSession('');
          setGuess('');
          setWhere('');
        }}
        style={{ display: 'grid', gap: '.5rem', gridTemplateColumns: 'auto 1fr' }}
      >
        <label htmlFor="tt-from">From</label>
        <select id="tt-from" value={from} onChange={(e) => setFrom(e.target.value)}>
          {sources.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <Field
          id="tt-to"
          label="To"
          value={to}
          onChange={setTo}
          placeholder="an address, an instance or a host"
          required
        />
        <label htmlFor="tt-proto">Protocol</label>
        <select id="tt-proto" value={protocol} onChange={(e) => setProtocol(e.target.value)}>
          <option>icmp</option>
          <option>tcp</option>
          <option>udp</option>
        </select>
        {ports && (
          <>
            <Field id="tt-port" label="Port" value={port} onChange={setPort} inputMode="numeric" />
            <Field
              id="tt-sport"
              label="Source port"
              value={sourcePort}
              onChange={setSourcePort}
              inputMode="numeric"
              placeholder="the client's choice (49152)"
            />
          </>
        )}
        <Field
          id="tt-session"
          label="Keep open as"
          value={session}
          onChange={setSession}
          placeholder="a session name (optional)"
          pattern="[A-Za-z0-9][A-Za-z0-9_-]*"
          title="letters, digits, - and _"
        />
        <label htmlFor="tt-guess">Your prediction</label>
        <select id="tt-guess" value={guess} onChange={(e) => setGuess(e.target.value)} required>
          <option value="">guess before you send…</option>
          {FLOW_RESULTS.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
          <option value={NO_GUESS}>no guess this time</option>
        </select>
        {STOPPED.has(guess) && (
          <Field
            id="tt-where"
            label="Where"
            value={where}
            onChange={setWhere}
            placeholder="the resource that stops it (optional): acl-app, sg-web…"
            pattern="[A-Za-z0-9][A-Za-z0-9._-]*"
            title="a resource id"
          />
        )}
        <span />
        <button type="submit">Send</button>
      </form>
      {sessions.length > 0 && (
        <section aria-label="Open sessions" data-testid="traffic-sessions">
          <h3>Open sessions</h3>
          <ul>
            {sessions.map((s) => (
              <li key={s} data-testid="traffic-session">
                <strong>{s}</strong>{' '}
                <button
                  type="button"
                  aria-label={`Send again on ${s}`}
                  onClick={() => onSend({ flow: s, result: 'any' })}
                >
                  Send again
                </button>{' '}
                <button
                  type="button"
                  aria-label={`Reply on ${s} from the server's end`}
                  onClick={() => onSend({ flow: s, direction: 'reply', result: 'any' })}
                >
                  Reply from the server
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
