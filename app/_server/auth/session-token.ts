import { createHmac, timingSafeEqual } from 'node:crypto';

export type Role = 'learner' | 'instructor';

/** Who a request comes from, as the signed session cookie says. */
export interface Principal {
  userId: string;
  role: Role;
  displayName: string;
}

export const SESSION_COOKIE = 'underlay_session';
/** Sessions last a day: a class, a conference slot. */
const MAX_AGE_SECONDS = 24 * 3600;

function sign(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}

/** A signed token: the principal, its issue time, and an HMAC over both. */
export function issueToken(secret: string, who: Principal, now = Date.now()): string {
  const body = Buffer.from(JSON.stringify({ ...who, iat: Math.floor(now / 1000) })).toString('base64url');
  return `${body}.${sign(secret, body)}`;
}

/** The principal a token names, if its signature holds and it has not expired. */
export function verifyToken(secret: string, token: string | undefined, now = Date.now()): Principal | undefined {
  if (!token) return undefined;
  const [body, mac] = token.split('.');
  if (!body || !mac) return undefined;
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    const data = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Principal & { iat: number };
    if (now / 1000 - data.iat > MAX_AGE_SECONDS) return undefined;
    if ((data.role !== 'learner' && data.role !== 'instructor') || typeof data.userId !== 'string') return undefined;
    return { userId: data.userId, role: data.role, displayName: String(data.displayName) };
  } catch {
    return undefined;
  }
}

/** The `Set-Cookie` value: httpOnly, same-site, for the whole site. */
export function sessionCookie(token: string, secure = false): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${MAX_AGE_SECONDS}${secure ? '; Secure' : ''}`;
}

export function clearedCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
}

/** Reads one cookie from a Cookie header. */
export function readCookie(header: string | undefined, name = SESSION_COOKIE): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}
