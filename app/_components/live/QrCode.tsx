'use client';
import { useEffect, useState } from 'react';
import QRCode from 'qrcode';

/** A QR code of `text`, drawn as SVG in the browser (the address is the page's own origin). */
export function QrCode({ text, label }: { text: string; label: string }) {
  const [svg, setSvg] = useState<string>();
  useEffect(() => {
    let live = true;
    void QRCode.toString(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }).then((s) => live && setSvg(s));
    return () => {
      live = false;
    };
  }, [text]);
  // the SVG is generated here from our own string, never from user HTML
  return (
    <div
      className="qr"
      role="img"
      aria-label={label}
      data-testid="join-qr"
      dangerouslySetInnerHTML={{ __html: svg ?? '' }}
    />
  );
}
