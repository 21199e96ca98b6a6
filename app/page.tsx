/** The landing page; the play page and the course come with the web app. */
export default function Home() {
  return (
    <main>
      <h1>Underlay</h1>
      <p>Learn how AWS VPC networking really forwards packets, by experiment.</p>
    </main>
  );
}
