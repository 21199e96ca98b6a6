import type { ReactNode } from 'react';

export const metadata = {
  title: 'Underlay: how AWS VPC networking really forwards packets',
  description: 'Challenge levels graded by a simulator of AWS VPC forwarding.',
};

/** The root layout of the web app. */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
