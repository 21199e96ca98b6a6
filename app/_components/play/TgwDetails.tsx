'use client';
import type { Topo } from './graph';

type Tgw = NonNullable<Topo['transitGateways']>[number];

/**
 * A transit gateway as a matrix: its attachments down, its route tables across. **A** marks the
 * table an attachment is associated with (the one that routes what it sends, R95), **P** a table
 * it propagates into (one that can route to it, R96). Below, each table's static routes; the
 * propagated ones are the P column's blocks. It follows every call the learner makes.
 */
export function TgwDetails({ tgw, selected }: { tgw: Tgw; selected: string }) {
  const tables = tgw.routeTables ?? [];
  const attachments = tgw.attachments ?? [];
  const cell = (table: (typeof tables)[number], attachment: string) =>
    [table.associations?.includes(attachment) ? 'A' : '', table.propagations?.includes(attachment) ? 'P' : '']
      .filter(Boolean)
      .join(' ');
  return (
    <div data-testid="resource-details">
      <p>
        Transit gateway {tgw.id}: a router with route tables of its own. A packet is routed by the table its attachment
        is <strong>associated</strong> with (A); an attachment <strong>propagates</strong> its blocks into the tables
        marked P. A reply is looked up again, in the table of the attachment it arrives from.
      </p>
      <div className="scroll-x">
        <table className="kv" data-testid="tgw-matrix" aria-label={`${tgw.id} associations and propagations`}>
          <thead>
            <tr>
              <th>attachment</th>
              {tables.map((t) => (
                <th key={t.id} className={t.id === selected ? 'selected' : undefined}>
                  {t.id}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {attachments.map((a) => (
              <tr key={a.id}>
                <th scope="row">
                  {a.id}
                  <span className="muted">
                    {' '}
                    {a.vpc ?? a.vpn ?? a.peer}
                    {a.subnets ? ` · ${a.subnets.join(', ')}` : ''}
                    {a.applianceMode ? ' · appliance mode' : ''}
                  </span>
                </th>
                {tables.map((t) => (
                  <td key={t.id} aria-label={`${a.id} in ${t.id}: ${cell(t, a.id) || 'none'}`}>
                    {cell(t, a.id) || '·'}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {tables.map((t) => (
        <p key={t.id} data-testid={`tgw-routes-${t.id}`}>
          <strong>{t.id}</strong> static routes:{' '}
          {(t.routes ?? []).map((r) => `${r.destination} → ${r.target}`).join('; ') || 'none'}
        </p>
      ))}
    </div>
  );
}
