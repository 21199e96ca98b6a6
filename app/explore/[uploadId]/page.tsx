import { redirect } from 'next/navigation';
import { ExplorePage } from '@/app/_components/explore/ExplorePage';
import { currentPrincipal } from '@/app/_server/page-auth';

export const dynamic = 'force-dynamic';

/** One uploaded account, explored: the diagram, the inspector, traffic tests, describe calls, the matrix. */
export default async function ExploreUpload({ params }: { params: Promise<{ uploadId: string }> }) {
  const { uploadId } = await params;
  const who = await currentPrincipal();
  if (!who) redirect(`/?next=${encodeURIComponent(`/explore/${uploadId}`)}`);
  return <ExplorePage uploadId={uploadId} />;
}
