import { redirect } from 'next/navigation';
import { SessionsPage } from '@/app/_components/live/SessionsPage';
import { listLevels } from '@/app/_server/attempts/attempt-cases';
import { listSessions } from '@/app/_server/live/session-admin-cases';
import { currentPrincipal } from '@/app/_server/page-auth';
import { getServices } from '@/app/_server/services';

export const dynamic = 'force-dynamic';

/** Instructors: open a live session, or go back to one. */
export default async function Sessions() {
  const who = await currentPrincipal();
  if (!who) redirect('/?next=/sessions');
  if (who.role !== 'instructor') redirect('/join');
  const s = getServices();
  const sessions = await listSessions(s, who);
  const levels = listLevels(s, who).map((l) => ({ id: l.id, title: l.title, order: l.order }));
  return <SessionsPage sessions={sessions} levels={levels} />;
}
