'use client';
import { useEffect, useRef } from 'react';
import type { GradeView } from '@/app/_shared/views';

/**
 * Finishing a level: a modal dialog (focus inside it, Escape closes it) with the score, the hints
 * it cost, and the way on: the course's next level, the course, or back to this network.
 */
export function LevelComplete({
  grade,
  title,
  hintsUsed,
  next,
  onClose,
}: {
  grade: GradeView;
  title: string;
  hintsUsed: number;
  next?: { id: string; title: string };
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="level-complete"
      aria-labelledby="complete-title"
      data-testid="level-complete"
      onClose={onClose}
    >
      <div className="complete-badge" aria-hidden="true">
        ✔
      </div>
      <h2 id="complete-title">Level complete</h2>
      <p>
        <strong>{title}</strong>: every check passes.
      </p>
      <p className="complete-score">
        {grade.score} / {grade.maxScore} points
        {hintsUsed > 0 ? (
          <span className="muted">
            {' '}
            ({hintsUsed} {hintsUsed === 1 ? 'hint' : 'hints'}, −{grade.hintPenalty})
          </span>
        ) : (
          <span className="muted"> (no hints)</span>
        )}
      </p>
      <div className="complete-actions">
        {next ? (
          <a className="button primary" href={`/play/${next.id}`} autoFocus>
            Next level: {next.title} →
          </a>
        ) : (
          <p className="muted">That was the last level of the course so far.</p>
        )}
        <a className="button" href="/course" {...(next ? {} : { autoFocus: true })}>
          Back to the course
        </a>
        <button type="button" onClick={() => ref.current?.close()}>
          Keep exploring this network
        </button>
      </div>
    </dialog>
  );
}
