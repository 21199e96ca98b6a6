import { JoinSessionForm } from '@/app/_components/live/JoinSessionForm';
import { currentPrincipal } from '@/app/_server/page-auth';

export const dynamic = 'force-dynamic';

/** Where a session's QR code leads: `/join?code=ABC123`. */
export default async function Join({ searchParams }: { searchParams: Promise<{ code?: string }> }) {
  const { code } = await searchParams;
  const who = await currentPrincipal();
  return (
    <main>
      <h1>Join a session</h1>
      {who?.role === 'instructor' ? (
        <p>
          You are signed in as an instructor. <a href="/sessions">Your sessions</a>
        </p>
      ) : (
        <JoinSessionForm
          initialCode={(code ?? '').toUpperCase().slice(0, 6)}
          {...(who ? { signedInAs: who.displayName } : {})}
        />
      )}
    </main>
  );
}
