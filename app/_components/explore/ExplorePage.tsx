'use client';
import { useCallback, useEffect, useState } from 'react';
import type { StepReport } from '@/engine/lab/report';
import { Diagram } from '../play/Diagram';
import { hopHighlight, type Topo } from '../play/graph';
import { Inspector } from '../play/Inspector';
import { ToolTabs } from '../play/ToolTabs';
import { TraceViewer } from '../play/TraceViewer';
import { TrafficTester } from '../play/TrafficTester';
import { api, type ApiProblem } from './explore-api';
import { Problems } from './ExploreList';
import { ReachabilityMatrix, type PairTest } from './ReachabilityMatrix';

const TABS = ['Matrix', 'Traffic', 'Trace', 'Console', 'Not understood'] as const;
type Tab = (typeof TABS)[number];

interface UploadView {
  name: string;
  topology: Record<string, unknown> & Topo;
  warnings: ApiProblem[];
  counts: { vpcs: number; subnets: number; instances: number; routeTables: number; securityGroups: number };
}

/**
 * An uploaded account, explored without a level: the diagram and a read-only inspector, the
 * subnet reachability matrix (each cell opens its trace), traffic tests with their traces, the
 * CLI's describe calls, and what the import did not understand. Everything runs on the server;
 * nothing changes the upload.
 */
export function ExplorePage({ uploadId }: { uploadId: string }) {
  const [view, setView] = useState<UploadView>();
  const [error, setError] = useState<string>();
  const [tab, setTab] = useState<Tab>('Matrix');
  const [selected, setSelected] = useState<string>();
  const [shown, setShown] = useState<{ report?: StepReport; seq: number }>({ seq: 0 });
  const [highlight, setHighlight] = useState<ReadonlySet<string>>(new Set());
  const [packet, setPacket] = useState<{ dropped: boolean }>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [lines, setLines] = useState<{ cmd: string; out: string; ok: boolean }[]>([]);
  const [command, setCommand] = useState('aws ec2 describe-vpcs');

  useEffect(() => {
    void api<UploadView>('GET', `/uploads/${uploadId}`).then((r) => (r.ok ? setView(r.data) : setError(r.message)));
  }, [uploadId]);

  const topology = view?.topology;
  const onHop = useCallback(
    (ids: string[], at?: { dropped: boolean }) => {
      setHighlight(topology ? hopHighlight(topology, ids) : new Set(ids));
      setPacket(at);
    },
    [topology],
  );

  const step = useCallback(
    async (body: Record<string, unknown>) => {
      setBusy(true);
      setNotice(undefined);
      const r = await api<{ report?: StepReport }>('POST', `/uploads/${uploadId}/steps`, { step: body });
      setBusy(false);
      if (!r.ok) {
        setNotice(`${r.message}`);
        return undefined;
      }
      return r.data.report;
    },
    [uploadId],
  );

  const traffic = useCallback(
    async (expect: Record<string, unknown>) => {
      const report = await step({ expect: { ...expect, result: 'any' } });
      if (!report) return;
      setShown((x) => ({ report, seq: x.seq + 1 }));
      setTab('Trace');
    },
    [step],
  );

  if (error)
    return (
      <main>
        <p className="bad" role="alert">
          {error}
        </p>
        <p>
          <a href="/explore">Back to your uploads</a>
        </p>
      </main>
    );
  if (!view || !topology)
    return (
      <main aria-busy="true">
        <p>Importing the account…</p>
        <progress aria-label="Importing the account" />
      </main>
    );
  const c = view.counts;
  const sources = (topology.instances ?? []).map((i) => i.id);
  return (
    <main>
      <p>
        <a href="/explore">Your uploads</a> / <strong>{view.name}</strong>{' '}
        <span className="muted">
          {c.vpcs} VPCs · {c.subnets} subnets · {c.instances} instances · {c.routeTables} route tables ·{' '}
          {c.securityGroups} security groups · {String(topology.region)}
        </span>
      </p>
      {notice && (
        <p className="bad" role="alert">
          {notice}
        </p>
      )}
      <div className="play">
        <div className="left">
          <Diagram
            topology={topology}
            highlight={highlight}
            onSelect={(id) => setSelected(id)}
            {...(packet && tab === 'Trace' ? { packet } : {})}
          />
          <Inspector topology={topology} selected={selected} run={async () => false} readOnly />
        </div>
        <div className="right">
          <ToolTabs tabs={TABS} current={tab} onChange={setTab} />
          <div
            role="tabpanel"
            aria-labelledby={`tab-${TABS.indexOf(tab)}`}
            className="scroll"
            style={{ display: 'flex', flexDirection: 'column' }}
            aria-busy={busy}
          >
            {tab === 'Matrix' && (
              <ReachabilityMatrix uploadId={uploadId} onOpen={(t: PairTest) => void traffic({ ...t })} />
            )}
            {tab === 'Traffic' && <TrafficTester sources={sources} sessions={[]} onSend={(e) => void traffic(e)} />}
            {tab === 'Trace' && <TraceViewer report={shown.report} seq={shown.seq} onHop={onHop} />}
            {tab === 'Console' && (
              <div className="panel" data-testid="explore-console">
                <div className="console-log" aria-live="polite">
                  {lines.map((l, i) => (
                    <div key={i}>
                      <span className="cmd">$ {l.cmd}</span>
                      {'\n'}
                      <span className={`tabular${l.ok ? '' : ' bad'}`}>{l.out}</span>
                    </div>
                  ))}
                  {lines.length === 0 && (
                    <span className="muted">
                      Read-only AWS CLI: aws ec2 / elbv2 describe-*, get-* and search-* calls, with --query and
                      --output.
                    </span>
                  )}
                </div>
                <form
                  onSubmit={(e) => {
                    e.preventDefault();
                    const cmd = command.trim();
                    if (!cmd) return;
                    void step({ aws: cmd.replace(/^aws\s+/, '') }).then((report) =>
                      setLines((ls) => [
                        ...ls.slice(-49),
                        report
                          ? { cmd, out: report.output ?? report.error ?? report.summary, ok: report.ok }
                          : { cmd, out: 'refused (see the message above)', ok: false },
                      ]),
                    );
                  }}
                >
                  <label htmlFor="explore-command">Command </label>
                  <input
                    id="explore-command"
                    value={command}
                    size={48}
                    spellCheck={false}
                    onChange={(e) => setCommand(e.target.value)}
                  />{' '}
                  <button type="submit" disabled={busy}>
                    Run
                  </button>
                </form>
              </div>
            )}
            {tab === 'Not understood' && (
              <div className="panel">
                {view.warnings.length === 0 ? (
                  <p className="muted">Everything in the upload was understood.</p>
                ) : (
                  <>
                    <p>What the import could not use ({view.warnings.length}):</p>
                    <Problems problems={view.warnings} />
                  </>
                )}
              </div>
            )}
          </div>
        </div>
      </div>
    </main>
  );
}
