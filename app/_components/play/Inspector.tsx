'use client';
import { protocolName } from '@/engine/net/protocols';
import { useState } from 'react';
import type { RuntimeView } from '@/engine/lab/runtime-view';
import { ResourceDetails, type DetailsTopo } from './ResourceDetails';

type Rule = { protocol: number; ports?: { from: number; to: number }; source?: string; destination?: string };
type Topo = {
  subnets?: { id: string; vpc: string; cidr: string }[];
  routeTables?: {
    id: string;
    vpc: string;
    main?: boolean;
    subnets?: string[];
    routes?: { destination: string; target: string }[];
  }[];
  securityGroups?: { id: string; inbound?: Rule[]; outbound?: Rule[] }[];
  instances?: {
    id: string;
    state?: string;
    interfaces: {
      id: string;
      subnet: string;
      privateIp?: string;
      secondaryIps?: string[];
      securityGroups?: string[];
      sourceDestCheck?: boolean;
    }[];
    os?: { policyRouting?: string; bgp?: { neighbors?: { ip: string; bfd?: boolean }[] } };
  }[];
};

const proto = (p: number) => protocolName(p).replace(/^proto /, '');
const ports = (r: Rule) =>
  r.ports ? (r.ports.from === r.ports.to ? String(r.ports.from) : `${r.ports.from}-${r.ports.to}`) : '';

/**
 * Details of the selected resource, with the edits a learner may make there; every edit is an
 * AWS CLI call the server checks against what the level allows.
 */
export function Inspector({
  topology,
  selected,
  run,
  runtime,
  files = [],
  canFail = () => false,
  onSimulate,
  onOpenFile,
  canConfigure = () => false,
  onConfigure,
  hidePublic = false,
  readOnly = false,
}: {
  topology: Topo;
  selected?: string;
  /** runs an `aws ec2 …` command as a step (echoed in the console); resolves to whether it succeeded */
  run: (aws: string) => Promise<boolean>;
  /** what the daemons hold now: keepalived's state, BGP sessions, hung instances */
  runtime?: Pick<RuntimeView, 'vrrp' | 'bgp' | 'failed'>;
  /** the selected instance's configuration files */
  files?: { path: string; kind: string }[];
  /** whether the level lets the learner crash and recover this instance */
  canFail?: (id: string) => boolean;
  onSimulate?: (step: { fail: string } | { recover: string }) => void;
  onOpenFile?: (path: string) => void;
  /** whether the level lets the learner change this field of this instance's guest model */
  canConfigure?: (id: string, field: string) => boolean;
  /** changes the selected instance's guest model (a `configure` step) */
  onConfigure?: (on: string, os: Record<string, unknown>) => void;
  /** the level hides public addresses (level 1): the details say where to find them instead */
  hidePublic?: boolean;
  /** an uploaded account: details only, nothing to change */
  readOnly?: boolean;
}) {
  const [rule, setRule] = useState({ protocol: 'icmp', port: '', cidr: '' });
  const [route, setRoute] = useState({ destination: '', target: '' });
  if (!selected)
    return (
      <div className="panel" data-testid="inspector">
        <p className="muted">Select a resource in the diagram to inspect it.</p>
      </div>
    );
  const inst = topology.instances?.find((i) => i.id === selected);
  const subnet = topology.subnets?.find((s) => s.id === selected);
  const groups = inst ? [...new Set(inst.interfaces.flatMap((e) => e.securityGroups ?? []))] : [];
  const table = subnet
    ? (topology.routeTables?.find((r) => r.subnets?.includes(subnet.id)) ??
      topology.routeTables?.find((r) => r.vpc === subnet.vpc && r.main))
    : undefined;
  const targetFlag = (t: string) =>
    t.startsWith('igw-')
      ? '--gateway-id'
      : t.startsWith('nat-')
        ? '--nat-gateway-id'
        : t.startsWith('eni-')
          ? '--network-interface-id'
          : t.startsWith('i-')
            ? '--instance-id'
            : '--gateway-id';
  return (
    <div
      className="panel scroll"
      data-testid="inspector"
      aria-label={`Inspector: ${selected}`}
      onKeyDown={(e) => {
        // Escape goes back to the node on the diagram
        if (e.key !== 'Escape') return;
        const node = document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(selected)}"]`);
        if (node) {
          e.preventDefault();
          node.focus();
        }
      }}
    >
      <h3 id="inspector-heading" tabIndex={-1}>
        {selected}
      </h3>
      {inst && (
        <>
          <p>
            State: {inst.state ?? 'running'}
            {runtime?.failed.includes(inst.id)
              ? ' (hung: it answers and forwards nothing, AWS still reports it running)'
              : ''}
          </p>
          <GuestSummary id={inst.id} runtime={runtime} />
          {onSimulate && canFail(inst.id) && (
            <p>
              {runtime?.failed.includes(inst.id) ? (
                <button onClick={() => onSimulate({ recover: inst.id })}>Recover {inst.id} (reboot)</button>
              ) : (
                <button onClick={() => onSimulate({ fail: inst.id })}>Crash {inst.id}</button>
              )}
            </p>
          )}
          {onConfigure && canConfigure(inst.id, 'policyRouting') && (
            <PolicyRouting
              on={inst.os?.policyRouting === 'per-eni'}
              onChange={(on) => onConfigure(inst.id, { policyRouting: on ? 'per-eni' : 'none' })}
            />
          )}
          {files.length > 0 && onOpenFile && (
            <details>
              <summary>Configuration files</summary>
              <ul>
                {files.map((f) => (
                  <li key={f.path}>
                    <button className="link-button" onClick={() => onOpenFile(f.path)}>
                      {f.path}
                    </button>
                  </li>
                ))}
              </ul>
            </details>
          )}
          {inst.interfaces.map((e) => (
            <div key={e.id}>
              <strong>{e.id}</strong> {e.privateIp} {(e.secondaryIps ?? []).join(' ')} · source/dest check{' '}
              {e.sourceDestCheck === false ? 'off' : 'on'}{' '}
              <button
                hidden={readOnly}
                onClick={() =>
                  run(
                    `aws ec2 modify-network-interface-attribute --network-interface-id ${e.id} ${e.sourceDestCheck === false ? '--source-dest-check' : '--no-source-dest-check'}`,
                  )
                }
              >
                Turn check {e.sourceDestCheck === false ? 'on' : 'off'}
              </button>
            </div>
          ))}
          {groups.map((gid) => {
            const g = topology.securityGroups?.find((x) => x.id === gid);
            return (
              <div key={gid} style={{ marginTop: '.5rem' }}>
                <strong>{gid}</strong> inbound:
                <ul>
                  {(g?.inbound ?? []).map((r, i) => (
                    <li key={i}>
                      {proto(r.protocol)} {ports(r)} from {r.source}{' '}
                      <button
                        hidden={readOnly}
                        aria-label={`Revoke ${proto(r.protocol)} from ${r.source}`}
                        onClick={() =>
                          run(
                            `aws ec2 revoke-security-group-ingress --group-id ${gid} --protocol ${r.protocol === -1 ? '-1' : proto(r.protocol)} --port ${ports(r) || '-1'} ${r.source?.startsWith('sg-') ? '--source-group' : '--cidr'} ${r.source}`,
                          )
                        }
                      >
                        Revoke
                      </button>
                    </li>
                  ))}
                  {(g?.inbound ?? []).length === 0 && <li className="muted">no inbound rules</li>}
                </ul>
                <form
                  hidden={readOnly}
                  onSubmit={(ev) => {
                    ev.preventDefault();
                    // the form empties once the rule is in; a refused one stays, to be corrected
                    void run(
                      `aws ec2 authorize-security-group-ingress --group-id ${gid} --protocol ${rule.protocol} --port ${rule.port || '-1'} ${rule.cidr.startsWith('sg-') ? '--source-group' : '--cidr'} ${rule.cidr}`,
                    ).then((ok) => ok && setRule({ protocol: 'icmp', port: '', cidr: '' }));
                  }}
                >
                  <label>
                    Protocol{' '}
                    <select value={rule.protocol} onChange={(e) => setRule({ ...rule, protocol: e.target.value })}>
                      <option>icmp</option>
                      <option>tcp</option>
                      <option>udp</option>
                      <option value="-1">all</option>
                    </select>
                  </label>{' '}
                  <label>
                    Port{' '}
                    <input size={6} value={rule.port} onChange={(e) => setRule({ ...rule, port: e.target.value })} />
                  </label>{' '}
                  <label>
                    Source{' '}
                    <input
                      size={16}
                      value={rule.cidr}
                      placeholder="CIDR or sg-id"
                      onChange={(e) => setRule({ ...rule, cidr: e.target.value })}
                    />
                  </label>{' '}
                  <button type="submit">Allow</button>
                </form>
              </div>
            );
          })}
        </>
      )}
      {subnet && table && (
        <>
          <p>
            {subnet.cidr} · route table {table.id}
            {table.main ? ' (main)' : ''}
          </p>
          <table className="kv">
            <tbody>
              {(table.routes ?? []).map((r) => (
                <tr key={r.destination}>
                  <td>{r.destination}</td>
                  <td>→ {r.target}</td>
                  <td>
                    <button
                      hidden={readOnly}
                      aria-label={`Delete route ${r.destination}`}
                      onClick={() =>
                        run(
                          `aws ec2 delete-route --route-table-id ${table.id} --destination-cidr-block ${r.destination}`,
                        )
                      }
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <form
            hidden={readOnly}
            onSubmit={(ev) => {
              ev.preventDefault();
              void run(
                `aws ec2 create-route --route-table-id ${table.id} --destination-cidr-block ${route.destination} ${targetFlag(route.target)} ${route.target}`,
              ).then((ok) => ok && setRoute({ destination: '', target: '' }));
            }}
          >
            <label>
              Destination{' '}
              <input
                size={14}
                value={route.destination}
                onChange={(e) => setRoute({ ...route, destination: e.target.value })}
              />
            </label>{' '}
            <label>
              Target{' '}
              <input size={12} value={route.target} onChange={(e) => setRoute({ ...route, target: e.target.value })} />
            </label>{' '}
            <button type="submit">Add route</button>
          </form>
        </>
      )}
      {!inst && !subnet && (
        <ResourceDetails
          t={topology as DetailsTopo}
          id={selected}
          hidePublic={hidePublic}
          failed={runtime?.failed ?? []}
          sessions={(runtime?.bgp ?? []).filter((b) => b.state === 'Established').map((b) => `${b.a}|${b.b}`)}
          canFail={canFail}
          {...(onSimulate && !readOnly ? { onSimulate } : {})}
          files={files}
          {...(onOpenFile ? { onOpenFile } : {})}
        />
      )}
    </div>
  );
}

/** What the instance's daemons hold now: keepalived's state and VIP, its BGP sessions. */
function GuestSummary({ id, runtime }: { id: string; runtime?: Pick<RuntimeView, 'vrrp' | 'bgp'> }) {
  const member = runtime?.vrrp.find((m) => m.instance === id);
  const sessions = (runtime?.bgp ?? []).filter((b) => b.a === id || b.b === id);
  if (!member && sessions.length === 0) return null;
  return (
    <p data-testid="guest-summary">
      {member && (
        <>
          keepalived {member.name}: <strong>{member.state}</strong> (priority {member.priority})
          {member.holdsVip ? ` · holds ${member.vip} in the guest` : ''}
          <br />
        </>
      )}
      {sessions.map((b) => (
        <span key={`${b.a}|${b.b}`}>
          BGP with {b.a === id ? b.b : b.a}: <strong>{b.state}</strong>
          <br />
        </span>
      ))}
    </p>
  );
}

/**
 * Per-interface policy routing, as Amazon Linux's ec2-net-utils sets it up (A3): a routing
 * table and a rule for each extra interface, so a reply leaves by the interface that owns its
 * source address. It is configuration, so it survives a reboot and follows an interface that is
 * attached later.
 */
function PolicyRouting({ on, onChange }: { on: boolean; onChange: (on: boolean) => void }) {
  return (
    <p data-testid="policy-routing">
      Per-interface policy routing (ec2-net-utils): {on ? 'on' : 'off'}{' '}
      <button onClick={() => onChange(!on)}>{on ? 'Turn it off' : 'Turn it on'}</button>
    </p>
  );
}
