'use client';
import type { LabStep } from '@/engine/lab/lab-file';
import type { StepReport } from '@/engine/lab/report';
import type { AttemptView, CheckView, GradeView } from '@/app/_shared/views';

/**
 * What a check does to the network before it tests it, in words ("crashes i-fw1, then runs the
 * network for 5 s"): checks run on a fresh copy, so time the learner ran does not count.
 */
export function checkSetup(steps: readonly LabStep[]): string | undefined {
  const parts: string[] = [];
  for (const st of steps) {
    if (st.kind === 'wait')
      parts.push(st.until === 'settled' ? 'runs the network until it settles' : `runs the network for ${st.seconds} s`);
    else if (st.kind === 'fail') parts.push(`crashes ${st.target}`);
    else if (st.kind === 'recover') parts.push(`recovers ${st.target}`);
    else break;
  }
  // a call the check makes itself (a pipeline's change), with a looked-up value by its name
  const calls = steps.flatMap((st) =>
    st.kind === 'aws' && !/^ec2 (describe|get)-/.test(st.aws)
      ? [`aws ${st.aws.replace(/\$\{([\w-]+)\}/g, '<$1>')}`]
      : [],
  );
  const setup = parts.length > 0 ? `This check ${parts.join(', then ')} first.` : '';
  const during = calls.length > 0 ? `On the way it runs ${calls.join(', then ')}.` : '';
  return setup || during ? [setup, during].filter(Boolean).join(' ') : undefined;
}

/**
 * Score, checks and hints: a preview of the visible checks computed in the browser, the
 * server's grade (the one that counts), hidden checks as pass/fail with their hint.
 */
export function ChecksPanel({
  attempt,
  grade,
  preview,
  onGrade,
  onHint,
  onReset,
  onShow,
}: {
  attempt: AttemptView;
  grade?: GradeView;
  preview?: { id: string; passed: boolean }[];
  onGrade: () => void;
  onHint: (i: number) => void;
  onReset: () => void;
  onShow: (r: StepReport) => void;
}) {
  const used = new Set(attempt.hintsUsed.map((h) => h.index));
  const setup = new Map(attempt.level.visibleChecks.map((c) => [c.id, checkSetup(c.steps)]));
  const timed = [...setup.values()].some((x) => x !== undefined);
  const requirement = new Map(attempt.level.visibleChecks.map((c) => [c.id, c.requirement ?? c.feedback]));
  // before a grade: the visible checks, not run yet
  const rows: CheckView[] =
    grade?.checks ??
    attempt.level.visibleChecks.map((c) => ({
      id: c.id,
      visible: true,
      points: c.points,
      earned: 0,
      passed: false,
      requiresMet: true,
      feedback: c.feedback,
      steps: [],
    }));
  const name = (id: string) => (requirement.has(id) ? `“${requirement.get(id)}”` : id);
  return (
    <div className="panel scroll" data-testid="checks">
      <p>
        <button onClick={onGrade}>Grade my network</button>{' '}
        <button
          onClick={() => {
            if (window.confirm('Start this level again from its starting network?')) onReset();
          }}
        >
          Reset level
        </button>
      </p>
      {grade && (
        <p data-testid="score" className={grade.complete ? 'ok' : ''}>
          Score {grade.score} / {grade.maxScore}
          {grade.hintPenalty > 0 ? ` (hints −${grade.hintPenalty})` : ''}
          {grade.complete ? ' — level complete!' : ''}
        </p>
      )}
      <h3>Checks</h3>
      {!grade && attempt.level.hidePublicAddresses && (
        <p className="muted">
          No live preview here: this level hides addresses you are meant to discover, so only the server&apos;s grade
          can judge it.
        </p>
      )}
      {!grade && !attempt.level.hidePublicAddresses && (
        <p className="muted">
          Previews run in your browser as you change the network; the grade from the server is the one that counts.
        </p>
      )}
      {timed && (
        <p className="muted" data-testid="checks-time">
          Checks run in order on a copy of your network with the clock at T+0 and every daemon freshly started; a crash
          or time one check lets pass carries on to the next.
        </p>
      )}
      <ul className="checks">
        {rows.map((c) => {
          const p = preview?.find((x) => x.id === c.id);
          const waiting = grade && c.passed && c.waitingOn && c.waitingOn.length > 0;
          const mark = !grade ? '' : waiting ? 'wait' : c.passed ? 'ok' : 'bad';
          return (
            <li key={c.id} data-testid="check" className="check" data-state={mark || 'pending'}>
              <span className={`check-mark ${mark}`} aria-hidden="true">
                {!grade ? '○' : waiting ? '◐' : c.passed ? '✔' : '✘'}
              </span>
              <div>
                <span className="sr-only">
                  {!grade
                    ? 'not run yet: '
                    : waiting
                      ? 'passes, earns nothing yet: '
                      : c.passed
                        ? 'passed: '
                        : 'failed: '}
                </span>
                {c.visible ? (requirement.get(c.id) ?? c.id) : `Hidden check ${c.id.replace('hidden-', '')}`}{' '}
                <span className="muted">({grade ? `${c.earned} of ${c.points}` : c.points} pts)</span>
                {!grade && p ? (
                  <span className={p.passed ? 'ok' : 'bad'}> · preview: {p.passed ? 'pass' : 'fail'}</span>
                ) : null}
                {c.visible && setup.get(c.id) ? <div className="muted">{setup.get(c.id)}</div> : null}
                {waiting ? (
                  <div className="warn" data-testid="check-waiting">
                    It passes, but earns nothing until {c.waitingOn!.map(name).join(' and ')}{' '}
                    {c.waitingOn!.length > 1 ? 'pass' : 'passes'}: it builds on{' '}
                    {c.waitingOn!.length > 1 ? 'them' : 'it'}.
                  </div>
                ) : null}
                {grade && !c.passed && c.feedback ? <div className="bad">{c.feedback}</div> : null}
                {c.visible &&
                  c.steps
                    .filter((s) => s.trace)
                    .map((s, j) => (
                      <button key={j} onClick={() => onShow(s)}>
                        Show trace
                      </button>
                    ))}
              </div>
            </li>
          );
        })}
        {!grade && attempt.level.hiddenChecks.count > 0 && (
          <li className="check muted">
            <span className="check-mark" aria-hidden="true">
              ○
            </span>
            <div>
              {attempt.level.hiddenChecks.count} hidden checks ({attempt.level.hiddenChecks.points} pts) test the rest
              of the task when you grade.
            </div>
          </li>
        )}
      </ul>
      <h3>Hints</h3>
      <ol>
        {attempt.level.hints.map((h) => (
          <li key={h.index}>
            {used.has(h.index) ? (
              attempt.hintsUsed.find((u) => u.index === h.index)!.text
            ) : (
              <button onClick={() => onHint(h.index)}>Reveal (−{h.cost} pts)</button>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
