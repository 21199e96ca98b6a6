'use client';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { runChecks as RunChecks } from '@/engine/grade/evaluate';
import { helpText } from '@/engine/grade/permission-help';
import { fieldsAllowed } from '@/engine/grade/permissions-files';
import type { StepReport } from '@/engine/lab/report';
import { useAttempt, type LiveLink } from '@/app/_hooks/useAttempt';
import type { AttemptConsole, GradeView } from '@/app/_shared/views';
import { Briefing } from './Briefing';
import { ChecksPanel } from './ChecksPanel';
import { ClockBar } from './ClockBar';
import { Console } from './Console';
import { ToolTabs } from './ToolTabs';
import { SnapshotViewer } from './SnapshotViewer';
import { useConsoleLines } from './useConsoleLines';
import { commandsFor, EDITOR, isHelp, resourceIds, simulatorStep } from './console-words';
import { Diagram } from './Diagram';
import { EventsPane } from './EventsPane';
import { FileEditor } from './FileEditor';
import { useFileEditor } from './useFileEditor';
import { hopHighlight } from './graph';
import { Inspector } from './Inspector';
import { LevelComplete } from './LevelComplete';
import { TraceViewer } from './TraceViewer';
import { TrafficTester } from './TrafficTester';
import { useTrafficSend } from './useTrafficSend';
import { runsDaemons } from './runs-daemons';
import type { JudgedPrediction, Prediction } from '@/engine/grade/prediction';

const TABS = ['Briefing', 'Console', 'Traffic', 'Trace', 'Events', 'Checks & hints', 'Snapshot'] as const;
type Tab = (typeof TABS)[number];

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
  next,
  me,
}: {
  levelId: string;
  /** the learner's user id: commands a teammate ran show their name */
  me?: string;
  /** the course's next level, offered when this one is complete */
  next?: { id: string; title: string };
  /** in a live session: the team's attempt, on the session's socket */
  live?: LiveLink;
  /** tells teammates what this learner is looking at */
  onSelectResource?: (id: string) => void;
  /** resources teammates are looking at, with their names */
  marks?: ReadonlyMap<string, string>;
}) {
  const { lines, add, addEntry, load, clear } = useConsoleLines(me);
  // a command run elsewhere on this attempt (another tab, a teammate) joins the console once
  const onConsole = useCallback((c: AttemptConsole) => addEntry(c.entry), [addEntry]);
  const { attempt, error, clockNotice, step, clock, grade, hint, reset } = useAttempt(levelId, live, onConsole);
  const Main = live ? 'section' : 'main';
  const [tab, setTab] = useState<Tab>('Console');
  const [done, setDone] = useState<GradeView>();
  const [selected, setSelected] = useState<string>();
  const [shown, setShown] = useState<{ report?: StepReport; seq: number }>({ seq: 0 });
  const report = shown.report;
  // every trace shown is a new one, even when it reads like the last (the viewer starts over)
  const setReport = useCallback((r: StepReport | undefined) => setShown((x) => ({ report: r, seq: x.seq + 1 })), []);
  const [highlight, setHighlight] = useState<ReadonlySet<string>>(new Set());
  const [graded, setGraded] = useState<GradeView>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string>();
  /** the learner's guess about the traffic test the trace viewer shows, beside what happened */
  const [guess, setGuess] = useState<{ report: StepReport; judged: JudgedPrediction }>();

  const topology = attempt?.topology;
  // the trace viewer's current hop: where the diagram draws the packet (and whether it died there)
  const [packet, setPacket] = useState<{ dropped: boolean }>();
  const onHop = useCallback(
    (ids: string[], at?: { dropped: boolean }) => {
      setHighlight(topology ? hopHighlight(topology, ids) : new Set(ids));
      setPacket(at);
    },
    [topology],
  );

  // the preview and the guests' files run the whole engine: loaded after the page, there a moment later
  const [evaluator, setEvaluator] = useState<{ runChecks: typeof RunChecks }>();
  const [guestFiles, setGuestFiles] = useState<typeof import('./guest-files')>();
  useEffect(() => {
    let live = true;
    void import('./guest-files').then((m) => live && setGuestFiles(m));
    void import('@/engine/grade/evaluate').then((m) => live && setEvaluator({ runChecks: m.runChecks }));
    return () => {
      live = false;
    };
  }, []);
  const preview = useMemo(() => {
    if (!attempt || attempt.level.hidePublicAddresses || !evaluator) return undefined;
    const checks = attempt.level.visibleChecks.map((c) => ({ ...c, visible: true }));
    return evaluator.runChecks(attempt.topology, checks).map((r) => ({ id: r.id, passed: r.passed }));
  }, [attempt, evaluator]);

  const send = useCallback(
    async (
      label: { target: string; command: string },
      body: Record<string, unknown>,
      prediction?: Prediction,
    ): Promise<boolean> => {
      setBusy(true);
      setNotice(undefined);
      try {
        const { report: r, notice: kept, entryId, prediction: judged } = await step(body, prediction);
        setGuess(judged ? { report: r, judged } : undefined);
        setGraded(undefined);
        const output = r.output ?? r.error ?? r.summary;
        add({
          ...label,
          output: kept ? `${output}\n(${kept})` : output,
          ok: r.ok || r.kind === 'expect',
          ...(entryId !== undefined ? { id: entryId } : {}),
        });
        if (r.trace) {
          setReport(r);
          setTab('Trace');
        }
        return r.ok && !kept;
      } catch (e) {
        const id = (e as { details?: { consoleEntryId?: number } }).details?.consoleEntryId;
        add({ ...label, output: (e as Error).message, ok: false, ...(id !== undefined ? { id } : {}) });
        // a refused send from the traffic panel opens no trace: its reason is in the console
        if (label.target === 'traffic') setTab('Console');
        return false;
      } finally {
        setBusy(false);
      }
    },
    [step, add],
  );

  const sendTraffic = useTrafficSend(send);

  const say = useCallback(
    (target: string, command: string, output: string, ok: boolean) => add({ target, command, output, ok }),
    [add],
  );

  const { editing, openFile, saveFile, closeFile } = useFileEditor(attempt, step, say, () => setGraded(undefined));

  const runClock = useCallback((run: boolean) => void clock(run).catch((e: Error) => setNotice(e.message)), [clock]);

  const runCommand = useCallback(
    (target: string, command: string) => {
      const allowed = attempt?.level.allowed;
      // help is answered here, from what the level allows: it changes nothing and is not a step
      if (allowed && isHelp(target, command)) say(target, command, helpText(allowed, target), true);
      // the engine takes `aws ec2 …` with or without the leading `aws`, as typed
      else if (target === 'aws') void send({ target, command }, { aws: command });
      else if (target === 'simulator') {
        const s = simulatorStep(command);
        if (s === 'run' || s === 'pause') {
          runClock(s === 'run');
          say(target, command, s === 'run' ? 'the clock runs' : 'the clock is paused', true);
        } else if (typeof s === 'string') say(target, command, s, false);
        else void send({ target, command }, s);
      } else {
        const edit = EDITOR.exec(command);
        if (edit) openFile(target, edit[1]!, command);
        else void send({ target, command }, { run: { on: target, cmd: command } });
      }
    },
    [attempt, send, say, openFile, runClock],
  );

  // a new attempt's machines boot: its clock starts by itself where daemons will have work to do;
  // a new attempt opens on the briefing, one already under way on the console
  const autoRun = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!attempt || autoRun.current === attempt.attemptId) return;
    autoRun.current = attempt.attemptId;
    setTab(attempt.version === 0 && (attempt.console ?? []).length === 0 ? 'Briefing' : 'Console');
    // the console and the last trace come with the attempt: a reload or another device picks up here
    load(attempt.console ?? []);
    if (attempt.lastTrace) setReport(attempt.lastTrace);
    if (
      attempt.version === 0 &&
      attempt.runtime.time === 0 &&
      attempt.level.allowed.simulator.wait &&
      runsDaemons(attempt.topology)
    )
      runClock(true);
  }, [attempt, runClock, load, setReport]);

  const choose = (id: string, via: 'keyboard' | 'pointer' = 'pointer') => {
    setSelected(id);
    onSelectResource?.(id);
    // the inspector comes right after the node that opened it: the keyboard goes there (Escape
    // goes back), and on a phone, where it sits below the tools, the page scrolls to it
    setTimeout(() => {
      const heading = document.getElementById('inspector-heading');
      if (via === 'keyboard') heading?.focus();
      else if (window.innerWidth <= 800) heading?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    }, 0);
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
  const allowed = attempt.level.allowed;
  const hasDaemons = runsDaemons(attempt.topology);
  const selectedFiles = selected && guestFiles ? guestFiles.filesOn(attempt.topology, selected) : [];
  const sources = [...new Set([...attempt.topology.instances.map((i) => i.id), ...attempt.level.allowed.traffic.from])];
  const ids = resourceIds(attempt.topology);
  // an imported level hands over its describe-* files: a tab of their own
  const tabs: readonly Tab[] = attempt.level.snapshot ? TABS : TABS.filter((t) => t !== 'Snapshot');

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
      {/* time matters where daemons run (or a clock already ran): elsewhere the bar would only distract */}
      {(hasDaemons || attempt.runtime.time > 0) && (
        <ClockBar
          time={attempt.runtime.time}
          clock={attempt.clock}
          allowed={allowed.simulator.wait}
          busy={busy}
          {...(clockNotice ? { notice: clockNotice } : {})}
          onRun={runClock}
          onWait={(n) => void send({ target: 'simulator', command: `wait ${n}` }, { wait: n })}
          onSettle={() => void send({ target: 'simulator', command: 'wait settled' }, { wait: { until: 'settled' } })}
        />
      )}
      {notice && (
        <p className="bad" role="alert">
          {notice}
        </p>
      )}
      <div className="play">
        <div className="left">
          <Diagram
            topology={attempt.topology}
            highlight={highlight}
            onSelect={choose}
            runtime={attempt.runtime}
            {...(packet && tab === 'Trace' ? { packet } : {})}
            {...(marks ? { marks } : {})}
          />
          <Inspector
            topology={attempt.topology}
            selected={selected}
            run={(cmd) => send({ target: 'aws', command: cmd }, { aws: cmd })}
            runtime={attempt.runtime}
            files={selected && shellTargets.includes(selected) ? selectedFiles : []}
            canFail={(id) => allowed.simulator.fail.includes(id)}
            onSimulate={(st) =>
              void send(
                { target: 'simulator', command: 'fail' in st ? `fail ${st.fail}` : `recover ${st.recover}` },
                st,
              )
            }
            onOpenFile={(path) => selected && openFile(selected, path)}
            canConfigure={(id, field) => fieldsAllowed(allowed, id, [field], field).ok}
            onConfigure={(on, os) =>
              void send({ target: on, command: `(configure) ${Object.keys(os).join(', ')}` }, { configure: { on, os } })
            }
            hidePublic={attempt.level.hidePublicAddresses}
          />
        </div>
        <div className="right">
          <ToolTabs tabs={tabs} current={tab} onChange={setTab} />
          <div
            role="tabpanel"
            aria-labelledby={`tab-${tabs.indexOf(tab)}`}
            className="scroll"
            style={{ display: 'flex', flexDirection: 'column' }}
          >
            {tab === 'Console' && (
              <Console
                targets={shellTargets}
                simulator={allowed.simulator.wait || allowed.simulator.fail.length > 0}
                ids={ids}
                lines={lines}
                commands={(t) => commandsFor(allowed, t)}
                onRun={runCommand}
              />
            )}
            {tab === 'Traffic' && <TrafficTester sources={sources} sessions={attempt.flows} onSend={sendTraffic} />}
            {tab === 'Trace' && (
              <TraceViewer
                report={report}
                seq={shown.seq}
                onHop={onHop}
                prediction={guess && guess.report === report ? guess.judged : undefined}
              />
            )}
            {tab === 'Events' && (
              <EventsPane
                events={attempt.runtime.events}
                onTrace={(r) => {
                  setReport(r);
                  setTab('Trace');
                }}
                onFocus={(ids) => onHop(ids)}
              />
            )}
            {tab === 'Checks & hints' && (
              <ChecksPanel
                attempt={attempt}
                grade={graded}
                preview={preview}
                onGrade={() => {
                  setBusy(true);
                  grade()
                    .then(
                      (g) => {
                        setGraded(g);
                        if (g.complete) setDone(g);
                      },
                      (e: Error) => setNotice(e.message),
                    )
                    .finally(() => setBusy(false));
                }}
                onHint={(i) => void hint(i).catch((e: Error) => setNotice(e.message))}
                onReset={() => {
                  setGraded(undefined);
                  setReport(undefined);
                  clear();
                  void reset().catch((e: Error) => setNotice(e.message));
                }}
                onShow={(r) => {
                  setReport(r);
                  setTab('Trace');
                }}
              />
            )}
            {tab === 'Snapshot' && <SnapshotViewer levelId={attempt.level.id} paths={attempt.level.snapshot ?? []} />}
            {tab === 'Briefing' && (
              <Briefing
                attempt={attempt}
                onStart={() => {
                  setTab('Console');
                  // the command box takes the focus, as the button that opened it goes away
                  setTimeout(() => document.getElementById('console-command')?.focus(), 0);
                }}
              />
            )}
          </div>
        </div>
      </div>
      {done && (
        <LevelComplete
          grade={done}
          title={attempt.level.title}
          hintsUsed={attempt.hintsUsed.length}
          {...(next && !live ? { next } : {})}
          onClose={() => setDone(undefined)}
        />
      )}
      {editing && <FileEditor file={editing} onSave={saveFile} onClose={closeFile} />}
    </Main>
  );
}
