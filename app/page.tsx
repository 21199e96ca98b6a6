import { JoinForm } from './_components/JoinForm';

/** Where a visitor goes after joining: a path of this app (`?next=/play/…`), never another site. */
function safeNext(next: unknown): string | undefined {
  return typeof next === 'string' && /^\/(?![/\\])[\w\-./?=&%]*$/.test(next) ? next : undefined;
}

/** The landing page: what Underlay is, and how to join (then back to where the visitor was going). */
export default async function Home({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  const next = safeNext((await searchParams).next);
  return (
    <main>
      <h1>Underlay</h1>
      <p className="muted" style={{ maxWidth: 640 }}>
        Learn how AWS VPC networking really forwards packets, by experiment: send a packet, watch where it goes hop by
        hop, change the network with the real AWS CLI and the VM&apos;s own tools, and find out what AWS does behind the
        scenes.
      </p>
      {next && (
        <p role="status" className="warn">
          Join first: you will be taken back to {next.startsWith('/play/') ? 'the level' : 'the page'} you opened.
        </p>
      )}
      <JoinForm {...(next ? { next } : {})} />
    </main>
  );
}
