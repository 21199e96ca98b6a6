'use client';
import { useCallback, useMemo, useState } from 'react';
import { runChecks } from '@/engine/grade/evaluate';
import type { StepReport } from '@/engine/lab/report';
import { useAttempt, type LiveLink } from '@/app/_hooks/useAttempt';
import type { GradeView } from '@/app/_shared/views';
import { ChecksPanel } from './ChecksPanel';
import { Console, type ConsoleLine } from './Console';
import { Diagram } from './Diagram';
import { hopHighlight } from './graph';
import { Inspector } from './Inspector';
import { TraceViewer } from './TraceViewer';
import { TrafficTester } from './TrafficTester';

const TABS = ['Console', 'Traffic', 'Trace', 'Checks & hints', 'Briefing'] as const;
type Tab = (typeof TABS)[number];

function resourceIds(t: Record<string, unknown>): string[] {
  const ids: string[] = [];
  for (const v of Object.values(t)) {
    if (!Array.isArray(v)) continue;
    for (const r of v as { id?: unknown; interfaces?: { id: string }[] }[]) {
      if (typeof r?.id === 'string') ids.push(r.id);
      for (const e of r?.interfaces ?? []) ids.push(e.id);
    }
  }
  return ids;
}

/**
 * The learner's whole experience of a level: the diagram and inspector on the left; console,
 * traffic tester, trace viewer, checks and briefing on the right. Every change goes to the
 * server as a step; the browser's engine only previews the visible checks.
 */
export function PlayPage({
  levelId,
  live,
  onSelectResource,
  marks,
}: {
  levelId: string;
  /** in a live session: the team's attempt, on the session's socket */
  live?: LiveLink;
  /** tells teammates what this learner is looking at */
  onSelectResource?: (id: string) => void;
  /** resources teammates are looking at, with their names */
  marks?: ReadonlyMap<string, string>;
}) {
  const { attempt, error, step, grade, hint, reset } = useAttempt(levelId, live);
  const Main = live ? 'section' : 'main';
  const [tab, setTab] = useState<Tab>('Console');
  const [selected, setSelected] = useState<string>();
  const [lines, setLines] = useState<ConsoleLine[]>([]);
  const [report, setReport] = useState<StepReport>();
  const [highlight, setHighlight] = useState<ReadonlySet<string>>(new Set());
  const [graded, setGraded] = useState<GradeView>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string>();

  const topology = attempt?.topology;
  const onHop = useCallback(
    (ids: string[]) => setHighlight(topology ? hopHighlight(topology, ids) : new Set(ids)),
    [topology],
  );

  const preview = useMemo(() => {
    if (!attempt || attempt.level.hidePublicAddresses) return undefined;
    const checks = attempt.level.visibleChecks.map((c) => ({ ...c, visible: true }));
    return runChecks(attempt.topology, checks).map((r) => ({ id: r.id, passed: r.passed }));
  }, [attempt]);

  const send = useCallback(
    async (label: { target: string; command: string }, body: Record<string, unknown>) => {
      setBusy(true);
      setNotice(undefined);
      try {
        const { report: r, notice: kept } = await step(body);
        setGraded(undefined);
        const output = r.output ?? r.error ?? r.summary;
        setLines((l) => [
          ...l,
          { ...label, output: kept ? `${output}\n(${kept})` : output, ok: r.ok || r.kind === 'expect' },
        ]);
        if (r.trace) {
          setReport(r);
          setTab('Trace');
        }
      } catch (e) {
        setLines((l) => [...l, { ...label, output: (e as Error).message, ok: false }]);
      } finally {
        setBusy(false);
      }
    },
    [step],
  );

  const runCommand = useCallback(
    (target: string, command: string) => {
      // the engine takes `aws ec2 …` with or without the leading `aws`, as typed
      if (target === 'aws') void send({ target, command }, { aws: command });
      else void send({ target, command }, { run: { on: target, cmd: command } });
    },
    [send],
  );

  const choose = (id: string) => {
    setSelected(id);
    onSelectResource?.(id);
  };

  if (error)
    return (
      <Main>
        <p className="bad" role="alert">
          Could not open this level: {error}
        </p>
        <p>
          <a href={live ? '/join' : '/course'}>Back</a>
        </p>
      </Main>
    );
  if (!attempt)
    return (
      <Main>
        <p role="status" aria-busy="true">
          Loading the level…
        </p>
      </Main>
    );

  const shellTargets = [...new Set(attempt.level.allowed.shell.flatMap((s) => s.instances))];
  const sources = [...new Set([...attempt.topology.instances.map((i) => i.id), ...attempt.level.allowed.traffic.from])];
  const ids = resourceIds(attempt.topology);

  return (
    <Main aria-label={live ? attempt.level.title : undefined}>
      <h1 style={{ margin: '0 0 .5rem', fontSize: '1.3rem' }}>
        {attempt.level.title}{' '}
        <span className="muted" style={{ fontSize: '.9rem' }}>
          best {attempt.bestScore} / {attempt.level.maxScore}
        </span>
        {busy && (
          <span className="muted" role="status" style={{ fontSize: '.9rem' }}>
            {' '}
            · working…
          </span>
        )}
      </h1>
      {notice && (
        <p className="bad" role="alert">
          {notice}
        </p>
      )}
      <div className="play">
        <div className="left">
          <Diagram topology={attempt.topology} highlight={highlight} onSelect={choose} {...(marks ? { marks } : {})} />
          <Inspector topology={attempt.topology} selected={selected} run={(cmd) => runCommand('aws', cmd)} />
        </div>
        <div className="right">
          <div className="tabs" role="tablist" aria-label="Tools">
            {TABS.map((t, i) => (
              <button
                key={t}
                role="tab"
                id={`tab-${i}`}
                aria-selected={tab === t}
                tabIndex={tab === t ? 0 : -1}
                onClick={() => setTab(t)}
                onKeyDown={(e) => {
                  // the WAI-ARIA tabs pattern: arrows move between tabs, Home/End to the ends
                  const to =
                    e.key === 'ArrowRight'
                      ? i + 1
                      : e.key === 'ArrowLeft'
                        ? i - 1
                        : e.key === 'Home'
                          ? 0
                          : e.key === 'End'
                            ? TABS.length - 1
                            : undefined;
                  if (to === undefined) return;
                  e.preventDefault();
                  const next = (to + TABS.length) % TABS.length;
                  setTab(TABS[next]!);
                  document.getElementById(`tab-${next}`)?.focus();
                }}
              >
                {t}
              </button>
            ))}
          </div>
          <div
            role="tabpanel"
            aria-labelledby={`tab-${TABS.indexOf(tab)}`}
            className="scroll"
            style={{ display: 'flex', flexDirection: 'column' }}
          >
            {tab === 'Console' && <Console targets={shellTargets} ids={ids} lines={lines} onRun={runCommand} />}
            {tab === 'Traffic' && (
              <TrafficTester
                sources={sources}
                onSend={(e) =>
                  void send(
                    { target: 'traffic', command: `${String(e.from)} → ${String(e.to)} ${String(e.protocol)}` },
                    { expect: e },
                  )
                }
              />
            )}
            {tab === 'Trace' && <TraceViewer report={report} onHop={onHop} />}
            {tab === 'Checks & hints' && (
              <ChecksPanel
                attempt={attempt}
                grade={graded}
                preview={preview}
                onGrade={() => {
                  setBusy(true);
                  grade()
                    .then(setGraded, (e: Error) => setNotice(e.message))
                    .finally(() => setBusy(false));
                }}
                onHint={(i) => void hint(i).catch((e: Error) => setNotice(e.message))}
                onReset={() => {
                  setGraded(undefined);
                  setReport(undefined);
                  setLines([]);
                  void reset().catch((e: Error) => setNotice(e.message));
                }}
                onShow={(r) => {
                  setReport(r);
                  setTab('Trace');
                }}
              />
            )}
            {tab === 'Briefing' && (
              <div className="panel scroll briefing" style={{ whiteSpace: 'pre-wrap' }}>
                {attempt.level.briefing}
              </div>
            )}
          </div>
        </div>
      </div>
    </Main>
  );
}
