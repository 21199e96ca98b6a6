import { notFound, redirect } from 'next/navigation';
import { PlayPage } from '@/app/_components/play/PlayPage';
import { currentPrincipal } from '@/app/_server/page-auth';
import { getServices } from '@/app/_server/services';

export const dynamic = 'force-dynamic';

/**
 * A level's play page: signed-in learners only (a visitor joins first and is brought back); an
 * unknown level is a 404. The course's next level is offered when this one is complete.
 */
export default async function Play({ params }: { params: Promise<{ levelId: string }> }) {
  const { levelId } = await params;
  const who = await currentPrincipal();
  if (!who) redirect(`/?next=${encodeURIComponent(`/play/${levelId}`)}`);
  const s = getServices();
  if (!s.levels.has(levelId)) notFound();
  const order = s.course.tracks.flatMap((t) => t.levels).filter((id) => s.levels.has(id));
  const nextId = order[order.indexOf(levelId) + 1];
  const next = nextId ? { id: nextId, title: s.levels.get(nextId)!.challenge.title } : undefined;
  return <PlayPage levelId={levelId} me={who.userId} {...(next ? { next } : {})} />;
}
