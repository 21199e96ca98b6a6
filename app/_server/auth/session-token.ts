import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Principal, Role } from '@/app/_shared/views';

export type { Principal, Role };

export const SESSION_COOKIE = 'underlay_session';
/** Sign-ins last a day: a class, a conference slot. */
export const MAX_AGE_SECONDS = 24 * 3600;

/** What a session cookie carries: who, and which server-side sign-in (revoked on sign-out). */
export interface TokenClaims extends Principal {
  sid: string;
  iat: number;
}

function sign(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}

/** A signed token: the principal, its sign-in, its issue time, and an HMAC over all of them. */
export function issueToken(secret: string, who: Principal, sid: string, now = Date.now()): string {
  const claims: TokenClaims = { ...who, sid, iat: Math.floor(now / 1000) };
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${body}.${sign(secret, body)}`;
}

/**
 * What a token claims, if its signature holds and it has not expired. The sign-in it names
 * must still be open on the server too (sign-ins.ts checks that).
 */
export function readToken(secret: string, token: string | undefined, now = Date.now()): TokenClaims | undefined {
  if (!token || token.length > 2048) return undefined;
  const [body, mac] = token.split('.');
  if (!body || !mac) return undefined;
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    const data = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenClaims;
    if (typeof data.iat !== 'number' || now / 1000 - data.iat > MAX_AGE_SECONDS) return undefined;
    if ((data.role !== 'learner' && data.role !== 'instructor') || typeof data.userId !== 'string') return undefined;
    if (typeof data.sid !== 'string') return undefined;
    return {
      userId: data.userId,
      role: data.role,
      displayName: String(data.displayName),
      sid: data.sid,
      iat: data.iat,
    };
  } catch {
    return undefined;
  }
}

/** The `Set-Cookie` value: httpOnly, same-site, for the whole site; `Secure` when served over HTTPS. */
export function sessionCookie(token: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${MAX_AGE_SECONDS}${secure ? '; Secure' : ''}`;
}

export function clearedCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? '; Secure' : ''}`;
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
