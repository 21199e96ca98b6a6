import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Config } from '../config';

const first = (h: string | string[] | undefined) => (Array.isArray(h) ? h[0] : h);

/**
 * The client's address. Without proxies (`TRUST_PROXY=0`, the default) it is the connection's
 * peer and X-Forwarded-For is ignored: a client could write anything there. Behind N proxies it
 * is the address the outermost of them saw: the Nth entry from the right of the list they built.
 */
export function clientAddress(req: Pick<IncomingMessage, 'headers' | 'socket'>, trustProxy: number): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (trustProxy === 0) return peer;
  const chain = (first(req.headers['x-forwarded-for']) ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  const hops = [...chain, peer];
  return hops[Math.max(0, hops.length - 1 - trustProxy)]!;
}

/** Whether the page reached the client over HTTPS: TLS here, a trusted proxy's word, or PUBLIC_URL. */
export function isSecure(
  req: Pick<IncomingMessage, 'headers' | 'socket'>,
  config: Pick<Config, 'trustProxy' | 'publicUrl'>,
): boolean {
  if ((req.socket as TLSSocket).encrypted) return true;
  if (config.publicUrl?.startsWith('https:')) return true;
  if (config.trustProxy > 0) return first(req.headers['x-forwarded-proto'])?.split(',')[0]?.trim() === 'https';
  return false;
}

/**
 * Whether a browser page from this request's origin may change state or open a socket: the
 * server's own pages (the Origin's host is the Host asked for) and the configured origins. A
 * request without Origin is not from a cross-site page unless Sec-Fetch-Site says so; tools
 * (curl, the tests, the CLI) send neither and carry their own cookie.
 */
export function originAllowed(req: Pick<IncomingMessage, 'headers'>, allowedOrigins: readonly string[]): boolean {
  const origin = first(req.headers.origin);
  if (!origin || origin === 'null') return origin !== 'null' && first(req.headers['sec-fetch-site']) !== 'cross-site';
  if (allowedOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === first(req.headers.host);
  } catch {
    return false;
  }
}
