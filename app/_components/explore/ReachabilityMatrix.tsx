'use client';
import { useState } from 'react';
import type { SubnetMatrix } from '@/engine/lab/reachability';
import { api } from './explore-api';

const SYMBOL: Record<string, string> = {
  roundtrip: '✓',
  dropped: '✗',
  'request-only': '→',
  reset: 'R',
  delivered: '·',
  exits: '↗',
};

/** A pair's flow as a traffic test: from the row's host to the column's host, on the matrix's protocol. */
export interface PairTest {
  from: string;
  to: string;
  protocol: string;
  port?: number;
}

/**
 * Which subnets reach which on a protocol and port: a grid, a row per source subnet, a column per
 * destination, each cell a button that opens that pair's trace. Legend: ✓ round trip, ✗ dropped,
 * → the reply is lost, R reset; blank where a subnet has no running instance to speak for it.
 */
export function ReachabilityMatrix({ uploadId, onOpen }: { uploadId: string; onOpen: (t: PairTest) => void }) {
  const [protocol, setProtocol] = useState<'tcp' | 'udp' | 'icmp'>('tcp');
  const [port, setPort] = useState('443');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<{ matrix: SubnetMatrix; protocol: string; port?: number }>();

  async function compute() {
    setBusy(true);
    setError(undefined);
    const q = protocol === 'icmp' ? 'protocol=icmp' : `protocol=${protocol}&port=${encodeURIComponent(port)}`;
    const r = await api<{ matrix: SubnetMatrix }>('GET', `/uploads/${uploadId}/matrix?${q}`);
    setBusy(false);
    if (!r.ok) return setError(`${r.message}${r.problems.map((p) => ` ${p.path}: ${p.message}`).join(';')}`);
    setResult({ matrix: r.data.matrix, protocol, ...(protocol !== 'icmp' ? { port: Number(port) } : {}) });
  }

  const m = result?.matrix;
  return (
    <div className="panel" data-testid="reachability-matrix">
      <form
        aria-busy={busy}
        onSubmit={(e) => {
          e.preventDefault();
          void compute();
        }}
      >
        <label htmlFor="matrix-protocol">Protocol </label>
        <select id="matrix-protocol" value={protocol} onChange={(e) => setProtocol(e.target.value as typeof protocol)}>
          <option value="tcp">tcp</option>
          <option value="udp">udp</option>
          <option value="icmp">icmp (ping)</option>
        </select>{' '}
        {protocol !== 'icmp' && (
          <>
            <label htmlFor="matrix-port">Port </label>
            <input
              id="matrix-port"
              size={6}
              inputMode="numeric"
              value={port}
              onChange={(e) => setPort(e.target.value)}
            />{' '}
          </>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Tracing every pair…' : 'Which subnets talk?'}
        </button>
        {busy && <progress aria-label="Computing the matrix" style={{ marginLeft: '.5rem' }} />}
      </form>
      {error && (
        <p className="bad" role="alert">
          {error}
        </p>
      )}
      {m && result && (
        <>
          <p className="muted" role="status">
            {m.flows} pairs traced, {result.protocol}
            {result.port !== undefined ? `/${result.port}` : ''}. ✓ round trip · ✗ dropped · → reply lost · R reset ·
            blank: no running instance in the subnet. Choose a cell to see its trace.
            {m.omitted > 0 ? ` The first ${m.subnets.length} subnets by id are shown; ${m.omitted} more are not.` : ''}
          </p>
          <div className="matrix-scroll">
            <table className="matrix">
              <thead>
                <tr>
                  <th scope="col">from \ to</th>
                  {m.subnets.map((s) => (
                    <th key={s.id} scope="col" title={`${s.id} ${s.cidr} (${s.vpc}, ${s.az})`}>
                      <span className="matrix-col">{s.id}</span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {m.subnets.map((from, i) => (
                  <tr key={from.id}>
                    <th
                      scope="row"
                      title={`${from.cidr} (${from.vpc}, ${from.az})${from.host ? ` · ${from.host.instance}` : ''}`}
                    >
                      {from.id}
                    </th>
                    {m.subnets.map((to, j) => {
                      const c = m.cells[i]![j];
                      if (!c || !from.host || !to.host) return <td key={to.id} className="matrix-none" />;
                      const why = c.drop ? ` at ${c.drop.at} (${c.drop.code})` : '';
                      return (
                        <td key={to.id} className={`matrix-${c.result}`}>
                          <button
                            aria-label={`${from.id} to ${to.id}: ${c.result}${why}`}
                            title={`${from.host.instance} → ${to.host.ip}: ${c.result}${why}`}
                            onClick={() =>
                              onOpen({
                                from: from.host!.instance,
                                to: to.host!.ip,
                                protocol: result.protocol,
                                ...(result.port !== undefined ? { port: result.port } : {}),
                              })
                            }
                          >
                            {SYMBOL[c.result] ?? '?'}
                          </button>
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
