import { notFound, redirect } from 'next/navigation';
import { PlayPage } from '@/app/_components/play/PlayPage';
import { currentPrincipal } from '@/app/_server/page-auth';
import { getServices } from '@/app/_server/services';

export const dynamic = 'force-dynamic';

/** A level's play page: signed-in learners only; an unknown level is a 404. */
export default async function Play({ params }: { params: Promise<{ levelId: string }> }) {
  const { levelId } = await params;
  if (!(await currentPrincipal())) redirect('/');
  if (!getServices().levels.has(levelId)) notFound();
  return <PlayPage levelId={levelId} />;
}
