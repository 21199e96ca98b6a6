import { redirect } from 'next/navigation';
import { Dashboard } from '@/app/_components/live/Dashboard';
import { currentPrincipal } from '@/app/_server/page-auth';

export const dynamic = 'force-dynamic';

/** The instructor's live dashboard of one session (the socket checks it is theirs). */
export default async function SessionDashboard({ params }: { params: Promise<{ sessionId: string }> }) {
  const { sessionId } = await params;
  const who = await currentPrincipal();
  if (!who) redirect(`/?next=${encodeURIComponent(`/sessions/${sessionId}`)}`);
  if (who.role !== 'instructor') redirect(`/live/${sessionId}`);
  return <Dashboard sessionId={sessionId} />;
}
