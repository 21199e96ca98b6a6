import { redirect } from 'next/navigation';
import { LivePage } from '@/app/_components/live/LivePage';
import { currentPrincipal } from '@/app/_server/page-auth';

export const dynamic = 'force-dynamic';

/** A learner's page in a live session; instructors go to the dashboard instead. */
export default async function Live({ params }: { params: Promise<{ sessionId: string }> }) {
  const { sessionId } = await params;
  const who = await currentPrincipal();
  if (!who) redirect('/join');
  if (who.role === 'instructor') redirect(`/sessions/${sessionId}`);
  return <LivePage sessionId={sessionId} />;
}
