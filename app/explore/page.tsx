import { redirect } from 'next/navigation';
import { ExploreList } from '@/app/_components/explore/ExploreList';
import { currentPrincipal } from '@/app/_server/page-auth';

export const dynamic = 'force-dynamic';

/** Your own account: upload describe-* outputs and explore them without a level. Signed-in users only. */
export default async function Explore() {
  const who = await currentPrincipal();
  if (!who) redirect('/?next=/explore');
  return <ExploreList />;
}
