'use client';
import type { useDashboard } from '@/app/_hooks/useDashboard';
import { useEffect, useState } from 'react';
import type { DashboardRow, DashboardView, LiveEvent } from '@/app/_shared/live-events';
import type { AttemptView } from '@/app/_shared/views';
import { outcomeText } from '@/engine/grade/prediction';
import { Diagram } from '../play/Diagram';
import { GuessList } from './Guesses';

const NONE: ReadonlySet<string> = new Set();

function traffic(x: Record<string, unknown>): string {
  return `${String(x.from)} → ${String(x.to)} ${String(x.protocol ?? '')}${x.port !== undefined ? `/${String(x.port)}` : ''}`;
}

function describe(e: LiveEvent): string {
  switch (e.kind) {
    case 'join':
      return `${e.name} joined`;
    case 'attempt':
      return `${e.name} opened ${e.levelId}`;
    case 'step': {
      const what =
        typeof e.step.aws === 'string'
          ? `aws ${e.step.aws.replace(/^aws\s+/, '')}`
          : e.step.run
            ? `run ${JSON.stringify(e.step.run)}`
            : e.step.expect
              ? `traffic ${traffic(e.step.expect as Record<string, unknown>)}`
              : (Object.keys(e.step)[0] ?? 'step');
      const guess = e.prediction
        ? ` · guessed ${outcomeText(e.prediction.guess)} (${e.prediction.right ? 'right' : 'wrong'})`
        : '';
      return `${e.name}: ${what} → ${e.dropCode ? `dropped (${e.dropCode})` : e.ok ? 'ok' : 'refused'}${guess} · ${e.checksPassed}/${e.checksTotal} checks`;
    }
    case 'grade':
      return `${e.name} graded: ${e.score}/${e.maxScore}${e.complete ? ' (complete)' : ''}`;
    case 'hint':
      return `${e.pushed ? 'you pushed' : `${e.name} revealed`} hint ${e.index + 1}`;
    case 'message':
      return `message: ${e.text}`;
    case 'status':
      return `session ${e.status}`;
  }
}

/** One learner or team: what they did (timeline), their topology now (read-only), and hints to push. */
export function TeamDetail({
  row,
  levels,
  send,
  readAttempt,
  onNotice,
}: {
  row: DashboardRow;
  levels: DashboardView['levels'];
  send: ReturnType<typeof useDashboard>['send'];
  readAttempt: (attemptId: string) => Promise<AttemptView>;
  onNotice: (n: { ok: boolean; text: string }) => void;
}) {
  const [timeline, setTimeline] = useState<LiveEvent[]>([]);
  const [levelId, setLevelId] = useState(
    levels.find((l) => row.levels[l.levelId]?.attemptId)?.levelId ?? levels[0]!.levelId,
  );
  const [attempt, setAttempt] = useState<AttemptView>();
  const attemptId = row.levels[levelId]?.attemptId;
  const attemptVersion = row.levels[levelId]?.attemptVersion;

  // refreshed when this team does something (its row changes), not on every event of the session
  useEffect(() => {
    void send('session:timeline', { teamId: row.teamId }).then(setTimeline, () => undefined);
  }, [send, row.teamId, row.lastActivityAt, row.members.length]);
  useEffect(() => {
    if (!attemptId) return setAttempt(undefined);
    void readAttempt(attemptId).then(setAttempt, () => setAttempt(undefined));
  }, [readAttempt, attemptId, attemptVersion]);

  const level = levels.find((l) => l.levelId === levelId)!;
  return (
    <section
      className="panel"
      aria-label={`${row.name}: details`}
      data-testid="team-detail"
      style={{ display: 'grid', gap: '.5rem', alignContent: 'start' }}
    >
      <h2 style={{ margin: 0, fontSize: '1.1rem' }}>{row.name}</h2>
      {levels.length > 1 && (
        <label>
          Level{' '}
          <select value={levelId} onChange={(e) => setLevelId(e.target.value)}>
            {levels.map((l) => (
              <option key={l.levelId} value={l.levelId}>
                {l.title}
              </option>
            ))}
          </select>
        </label>
      )}
      <div style={{ height: 260 }} aria-label="Their topology now (read-only)">
        {attempt ? (
          <Diagram topology={attempt.topology} highlight={NONE} onSelect={() => undefined} />
        ) : (
          <p className="muted">They have not opened {level.title} yet.</p>
        )}
      </div>
      <GuessList cell={row.levels[levelId]} members={row.members} />
      <div>
        <strong>Push a hint</strong> <span className="muted">(free for them; it counts as a hint used)</span>
        <ol className="hint-list" data-testid="push-hints">
          {level.hints.map((h) => (
            <li key={h.index}>
              <details>
                <summary>
                  Read hint {h.index + 1}{' '}
                  <span className="muted">(costs a learner {h.cost} pts when they reveal it)</span>
                </summary>
                <p className="hint-text">{h.text}</p>
              </details>
              <button
                disabled={!attemptId}
                onClick={() =>
                  void send('session:hint', { teamId: row.teamId, levelId, index: h.index }).then(
                    (r) =>
                      onNotice({
                        ok: true,
                        text: r.pushed
                          ? `Hint ${h.index + 1} pushed to ${row.name}.`
                          : `${row.name} already had hint ${h.index + 1}.`,
                      }),
                    (e: Error) => onNotice({ ok: false, text: e.message }),
                  )
                }
              >
                Push hint {h.index + 1}
              </button>
            </li>
          ))}
        </ol>
      </div>
      <div>
        <strong>Timeline</strong>
        <ol
          className="scroll"
          data-testid="timeline"
          style={{ maxHeight: 260, margin: '.3rem 0 0', paddingLeft: '1.2rem', fontSize: 14 }}
        >
          {timeline.map((e) => (
            <li key={e.seq}>
              <span className="muted">{new Date(e.at).toLocaleTimeString()}</span> {describe(e)}
            </li>
          ))}
        </ol>
      </div>
    </section>
  );
}
