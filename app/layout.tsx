import type { ReactNode } from 'react';
import './globals.css';

export const metadata = {
  title: 'Underlay: how AWS VPC networking really forwards packets',
  description: 'Challenge levels graded by a simulator of AWS VPC forwarding.',
};

/** The root layout: a header with the course link, and the page. */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="site">
          <span className="brand">Underlay</span>
          <nav>
            <a href="/course">Course</a>
          </nav>
        </header>
        {children}
      </body>
    </html>
  );
}
