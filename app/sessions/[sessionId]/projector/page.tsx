import { redirect } from 'next/navigation';
import { Projector } from '@/app/_components/live/Projector';
import { currentPrincipal } from '@/app/_server/page-auth';

export const dynamic = 'force-dynamic';

/** The session on the classroom's projector: the join code, the leaderboard, the time left (instructors). */
export default async function ProjectorPage({ params }: { params: Promise<{ sessionId: string }> }) {
  const { sessionId } = await params;
  const who = await currentPrincipal();
  if (!who) redirect(`/?next=${encodeURIComponent(`/sessions/${sessionId}/projector`)}`);
  if (who.role !== 'instructor') redirect(`/live/${sessionId}`);
  return <Projector sessionId={sessionId} />;
}
