import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database';
import { issueToken, MAX_AGE_SECONDS, readCookie, readToken, type Principal } from './session-token';

/** A request's caller: who, and which sign-in (a socket joins the sign-in's room, so sign-out reaches it). */
export interface Caller {
  principal: Principal;
  sid: string;
}

/** How long a node trusts what it read about a sign-in; another node's sign-out reaches it sooner by a notice. */
const CACHE_MS = 30_000;
const CACHE_ENTRIES = 10_000;

/**
 * Sign-ins kept on the server (AuthSession rows): the cookie is signed and names one, and
 * signing out revokes it, so a copied cookie stops working everywhere. A node caches what it
 * read for a short while; the node that signs someone out tells the others at once.
 */
export class SignIns {
  private readonly cache = new Map<string, { valid: boolean; until: number }>();

  constructor(
    private readonly db: Db,
    readonly secret: string,
  ) {}

  /** Opens a sign-in for `who`: the token to put in the cookie. */
  async open(who: Principal, now = Date.now()): Promise<string> {
    const sid = randomBytes(24).toString('base64url');
    await this.db.authSession.create({
      data: { id: sid, userId: who.userId, expiresAt: new Date(now + MAX_AGE_SECONDS * 1000) },
    });
    this.remember(sid, true, now);
    return issueToken(this.secret, who, sid, now);
  }

  /** The caller a Cookie header names, if its signature holds and its sign-in is open. */
  async resolve(cookieHeader: string | undefined, now = Date.now()): Promise<Caller | undefined> {
    const claims = readToken(this.secret, readCookie(cookieHeader), now);
    if (!claims) return undefined;
    const known = this.cache.get(claims.sid);
    let valid: boolean;
    if (known && known.until > now) valid = known.valid;
    else {
      const row = await this.db.authSession.findUnique({
        where: { id: claims.sid },
        select: { userId: true, revokedAt: true, expiresAt: true },
      });
      valid = !!row && row.userId === claims.userId && !row.revokedAt && row.expiresAt.getTime() > now;
      this.remember(claims.sid, valid, now);
    }
    if (!valid) return undefined;
    return {
      principal: { userId: claims.userId, role: claims.role, displayName: claims.displayName },
      sid: claims.sid,
    };
  }

  /** Signs out: the sign-in is revoked on the server, whoever holds a copy of its cookie. */
  async revoke(sid: string): Promise<void> {
    await this.db.authSession.updateMany({ where: { id: sid, revokedAt: null }, data: { revokedAt: new Date() } });
    this.remember(sid, false);
  }

  /** Another node revoked it: stop trusting the cached answer. */
  forget(sid: string): void {
    this.cache.delete(sid);
  }

  /** Drops sign-ins that ended more than a day ago (expired or revoked). */
  async prune(now = Date.now()): Promise<number> {
    const before = new Date(now - 24 * 3600 * 1000);
    const r = await this.db.authSession.deleteMany({
      where: { OR: [{ expiresAt: { lt: before } }, { revokedAt: { lt: before } }] },
    });
    return r.count;
  }

  private remember(sid: string, valid: boolean, now = Date.now()): void {
    this.cache.delete(sid);
    this.cache.set(sid, { valid, until: now + CACHE_MS });
    if (this.cache.size > CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
  }
}
