import type { ReactNode } from 'react';
import { currentPrincipal } from './_server/page-auth';
import { ConnectionNotice } from './_components/ConnectionNotice';
import { AccountMenu } from './_components/AccountMenu';
import './globals.css';

// every page is rendered per request: its inline scripts carry that response's CSP nonce (server.ts)
export const dynamic = 'force-dynamic';

export const metadata = {
  title: 'Underlay: how AWS VPC networking really forwards packets',
  description: 'Challenge levels graded by a simulator of AWS VPC forwarding.',
};

/** The root layout: a header with the course and live-session links, and the page. */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const who = await currentPrincipal();
  return (
    <html lang="en">
      <body>
        <header className="site">
          <span className="brand">Underlay</span>
          <nav style={{ display: 'flex', gap: '1rem' }}>
            <a href="/course">Course</a>
            <a href="/explore">Your account</a>
            <a href="/join">Join a session</a>
            <a href="/sessions">Run a session</a>
          </nav>
          {who ? <AccountMenu name={who.displayName} /> : null}
        </header>
        <ConnectionNotice />
        {children}
      </body>
    </html>
  );
}
