import { JoinLearnerSchema, NoPayloadSchema, SignInSchema } from '@/app/_shared/protocol';
import type { CallContext } from '../call-context';
import type { Db } from '../db/database';
import { AppError } from '../errors';
import { blockedFor, take } from '../limits/limiters';
import type { Services } from '../services';
import { validate } from '../validate';
import { hashPassword, verifyPassword } from './password';
import { requireRole } from './require-role';
import type { Principal } from './session-token';

/** A new sign-in: who, and the token the cookie carries. */
export interface SignedIn {
  principal: Principal;
  token: string;
}

function tooMany(retryMs: number, what: string): AppError {
  const minutes = Math.max(1, Math.ceil(retryMs / 60_000));
  return new AppError(
    'RATE_LIMITED',
    { retryAfterSeconds: Math.ceil(retryMs / 1000) },
    `${what} Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
  );
}

/** A learner joins with a display name: a new account and a signed session (a few per address, per 10 minutes). */
export async function joinAsLearner(
  s: Services,
  _who: Principal | undefined,
  input: unknown,
  ctx: CallContext,
): Promise<SignedIn> {
  const { displayName } = validate(JoinLearnerSchema, input);
  const allowed = await take(s.limiters.joins, ctx.address);
  if (!allowed.ok) throw tooMany(allowed.retryMs, 'Too many learners joined from this address just now.');
  const user = await s.db.user.create({ data: { role: 'learner', displayName } });
  const principal: Principal = { userId: user.id, role: 'learner', displayName };
  return { principal, token: await s.signIns.open(principal) };
}

/**
 * A hash that costs what checking a real one costs: an unknown email is checked against it,
 * so it takes as long as a known one and the two cannot be told apart by timing.
 */
let decoy: Promise<string> | undefined;

/** Works the decoy hash out at boot, so the first unknown email takes no longer than the rest. */
export function prepareSignIn(): Promise<string> {
  decoy ??= hashPassword('no account has this password');
  return decoy;
}

/**
 * An instructor signs in with email and password (scrypt). Failures are counted per email and
 * address (five, then a quarter of an hour), per address and per email, and every answer costs
 * the same whether the email exists or not.
 */
export async function signInInstructor(
  s: Services,
  _who: Principal | undefined,
  input: unknown,
  ctx: CallContext,
): Promise<SignedIn> {
  const { email: typed, password } = validate(SignInSchema, input);
  const email = typed.toLowerCase();
  const keys = { pair: `${email}|${ctx.address}`, address: ctx.address, email };
  const wait = Math.max(
    await blockedFor(s.limiters.signInFails, keys.pair),
    await blockedFor(s.limiters.signInFailsByAddress, keys.address),
    await blockedFor(s.limiters.signInFailsByEmail, keys.email),
  );
  if (wait > 0) throw tooMany(wait, 'Too many failed sign-ins.');
  const user = await s.db.user.findUnique({ where: { email } });
  const hash = user?.role === 'instructor' && user.passwordHash ? user.passwordHash : await prepareSignIn();
  const matches = await verifyPassword(password, hash);
  if (!user || user.role !== 'instructor' || !user.passwordHash || !matches) {
    await Promise.all([
      take(s.limiters.signInFails, keys.pair),
      take(s.limiters.signInFailsByAddress, keys.address),
      take(s.limiters.signInFailsByEmail, keys.email),
    ]);
    throw new AppError('BAD_CREDENTIALS');
  }
  await s.limiters.signInFails.delete(keys.pair).catch(() => undefined);
  const principal: Principal = { userId: user.id, role: 'instructor', displayName: user.displayName };
  return { principal, token: await s.signIns.open(principal) };
}

/** Signs out: the sign-in is revoked on the server and its open connections close. */
export async function signOut(
  s: Services,
  _who: Principal | undefined,
  input: unknown,
  ctx: CallContext,
): Promise<Record<string, never>> {
  validate(NoPayloadSchema, input);
  if (ctx.sid) {
    await s.signIns.revoke(ctx.sid);
    s.bus.signedOut(ctx.sid);
  }
  return {};
}

/**
 * Changes the caller's display name: the account's row, then a new sign-in that carries it (the
 * cookie is replaced; the old sign-in is revoked, so no copy keeps the old name).
 */
export async function renameMe(
  s: Services,
  who: Principal | undefined,
  input: unknown,
  ctx: CallContext,
): Promise<SignedIn> {
  const me = requireRole(who);
  const { displayName } = validate(JoinLearnerSchema, input);
  await s.db.user.update({ where: { id: me.userId }, data: { displayName } });
  const principal: Principal = { ...me, displayName };
  const token = await s.signIns.open(principal);
  if (ctx.sid) {
    await s.signIns.revoke(ctx.sid);
    s.bus.signedOut(ctx.sid);
  }
  return { principal, token };
}

/** Who the session cookie names. */
export function whoAmI(_s: Services, who: Principal | undefined, input: unknown): Principal {
  validate(NoPayloadSchema, input);
  return requireRole(who);
}

/** Creates an instructor account (`npm run user:create`, or the running server's admin socket). */
export async function createInstructor(
  db: Db,
  input: { email: string; password: string; displayName: string },
): Promise<{ id: string; email: string }> {
  const { email, password } = validate(SignInSchema, { email: input.email, password: input.password });
  if (password.length < 10)
    throw new AppError(
      'INVALID_INPUT',
      [{ path: 'password', message: 'at least 10 characters' }],
      'The password needs at least 10 characters.',
    );
  if (!input.displayName.trim())
    throw new AppError('INVALID_INPUT', [{ path: 'name', message: 'required' }], 'A display name is required.');
  const existing = await db.user.findUnique({ where: { email: email.toLowerCase() } });
  if (existing) throw new AppError('EMAIL_TAKEN');
  const user = await db.user.create({
    data: {
      role: 'instructor',
      displayName: input.displayName.trim(),
      email: email.toLowerCase(),
      passwordHash: await hashPassword(password),
    },
  });
  return { id: user.id, email: user.email! };
}
