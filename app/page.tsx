import { JoinForm } from './_components/JoinForm';

/** The landing page: what Underlay is, and how to join. */
export default function Home() {
  return (
    <main>
      <h1>Underlay</h1>
      <p className="muted" style={{ maxWidth: 640 }}>
        Learn how AWS VPC networking really forwards packets, by experiment: send a packet, watch where it goes hop by
        hop, change the network with the real AWS CLI and the VM&apos;s own tools, and find out what AWS does behind the
        scenes.
      </p>
      <JoinForm />
    </main>
  );
}
