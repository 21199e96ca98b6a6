import { redirect } from 'next/navigation';
import { getCourse } from '@/app/_server/course/course-cases';
import { currentPrincipal } from '@/app/_server/page-auth';
import { getServices } from '@/app/_server/services';

export const dynamic = 'force-dynamic';

const LABEL = {
  completed: 'completed',
  'in-progress': 'in progress',
  available: 'ready',
  locked: 'prerequisites first',
} as const;

/** The course: tracks in order, each level with the learner's progress and what it builds on. */
export default async function CoursePage() {
  const who = await currentPrincipal();
  if (!who) redirect('/?next=/course');
  const course = await getCourse(getServices(), who);
  const titles = new Map(course.tracks.flatMap((t) => t.levels.map((l) => [l.levelId, `${l.order}. ${l.title}`])));
  return (
    <main>
      <h1>{course.title}</h1>
      <p className="muted">{course.summary}</p>
      <p>
        Signed in as <strong>{who.displayName}</strong> ({who.role}). Score:{' '}
        <strong data-testid="course-score">{course.score}</strong> / {course.maxScore}
      </p>
      {course.tracks.map((t) => (
        <section key={t.id} className="panel" style={{ marginBottom: '1rem' }} aria-labelledby={`track-${t.id}`}>
          <h2 id={`track-${t.id}`}>{t.title}</h2>
          <p className="muted">{t.summary}</p>
          {t.levels.map((l) => (
            <div key={l.levelId} className="course-level" data-testid={`level-${l.levelId}`}>
              <div>
                <a href={`/play/${l.levelId}`}>
                  {l.order}. {l.title}
                </a>
                {l.missing.length > 0 && (
                  <span className="muted"> — builds on {l.missing.map((id) => titles.get(id) ?? id).join(', ')}</span>
                )}
              </div>
              <div>
                <span className={`badge ${l.status === 'completed' ? 'ok' : l.status === 'locked' ? 'warn' : ''}`}>
                  {LABEL[l.status]}
                </span>{' '}
                <span>
                  {l.bestScore} / {l.maxScore}
                </span>
              </div>
            </div>
          ))}
          {t.planned.length > 0 && <p className="muted">Coming: {t.planned.join(' · ')}</p>}
        </section>
      ))}
    </main>
  );
}
