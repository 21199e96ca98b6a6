'use client';
import { useState } from 'react';

/** Sends one flow and reports what happened to it (an `expect` step with `result: any`). */
export function TrafficTester({
  sources,
  onSend,
}: {
  sources: string[];
  onSend: (expect: Record<string, unknown>) => void;
}) {
  const [from, setFrom] = useState(sources[0] ?? '');
  const [to, setTo] = useState('');
  const [protocol, setProtocol] = useState('icmp');
  const [port, setPort] = useState('443');
  return (
    <form
      className="panel"
      data-testid="traffic-tester"
      onSubmit={(e) => {
        e.preventDefault();
        onSend({ from, to, protocol, ...(protocol === 'icmp' ? {} : { port: Number(port) }), result: 'any' });
      }}
      style={{ display: 'grid', gap: '.5rem', gridTemplateColumns: 'auto 1fr' }}
    >
      <label htmlFor="tt-from">From</label>
      <select id="tt-from" value={from} onChange={(e) => setFrom(e.target.value)}>
        {sources.map((s) => (
          <option key={s}>{s}</option>
        ))}
      </select>
      <label htmlFor="tt-to">To</label>
      <input
        id="tt-to"
        value={to}
        onChange={(e) => setTo(e.target.value)}
        placeholder="an address, an instance or a host"
        required
      />
      <label htmlFor="tt-proto">Protocol</label>
      <select id="tt-proto" value={protocol} onChange={(e) => setProtocol(e.target.value)}>
        <option>icmp</option>
        <option>tcp</option>
        <option>udp</option>
      </select>
      {protocol !== 'icmp' && (
        <>
          <label htmlFor="tt-port">Port</label>
          <input id="tt-port" value={port} onChange={(e) => setPort(e.target.value)} />
        </>
      )}
      <span />
      <button type="submit">Send</button>
    </form>
  );
}
