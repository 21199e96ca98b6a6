import type { AttemptView } from '@/app/_shared/views';
import { Markdown } from '../Markdown';
import { checkSetup } from './ChecksPanel';

/**
 * The level's story and task, rendered, then what the checks test: each visible check's
 * requirement with its points, and how many hidden checks test the rest. A new attempt opens here.
 */
export function Briefing({ attempt, onStart }: { attempt: AttemptView; onStart: () => void }) {
  const level = attempt.level;
  return (
    <div className="panel scroll briefing" data-testid="briefing">
      <Markdown text={level.briefing} headingOffset={1} />
      <section aria-labelledby="briefing-checks" className="briefing-checks">
        <h3 id="briefing-checks">What the checks test</h3>
        <ul className="checks">
          {level.visibleChecks.map((c) => (
            <li key={c.id} className="check">
              <span className="check-mark" aria-hidden="true">
                ○
              </span>
              <div>
                {c.requirement ?? c.feedback} <span className="muted">({c.points} pts)</span>
                {checkSetup(c.steps) ? <div className="muted">{checkSetup(c.steps)}</div> : null}
              </div>
            </li>
          ))}
          {level.hiddenChecks.count > 0 && (
            <li className="check">
              <span className="check-mark" aria-hidden="true">
                ○
              </span>
              <div>
                {level.hiddenChecks.count} hidden {level.hiddenChecks.count === 1 ? 'check' : 'checks'} (
                {level.hiddenChecks.points} pts) test the rest of the task: what the checks above do not.
              </div>
            </li>
          )}
        </ul>
        <p className="muted">
          Up to {level.maxScore} points; a hint costs the points it says. Grade as often as you like: your best score
          counts.
        </p>
        <button onClick={onStart}>Start with the console</button>
      </section>
    </div>
  );
}
