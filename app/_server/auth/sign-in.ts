import { JoinLearnerSchema, SignInSchema } from '@/app/_shared/protocol';
import { AppError } from '../errors';
import type { Services } from '../services';
import { validate } from '../validate';
import { hashPassword, verifyPassword } from './password';
import { issueToken, type Principal } from './session-token';

/** A learner joins with a display name: a new account and a signed session. */
export async function joinAsLearner(s: Services, input: unknown): Promise<{ principal: Principal; token: string }> {
  const { displayName } = validate(JoinLearnerSchema, input);
  const user = await s.db.user.create({ data: { role: 'learner', displayName } });
  const principal: Principal = { userId: user.id, role: 'learner', displayName };
  return { principal, token: issueToken(s.secret, principal) };
}

/** An instructor signs in with email and password (scrypt). */
export async function signInInstructor(s: Services, input: unknown): Promise<{ principal: Principal; token: string }> {
  const { email, password } = validate(SignInSchema, input);
  const user = await s.db.user.findUnique({ where: { email: email.toLowerCase() } });
  if (!user || user.role !== 'instructor' || !user.passwordHash || !(await verifyPassword(password, user.passwordHash)))
    throw new AppError('BAD_CREDENTIALS');
  const principal: Principal = { userId: user.id, role: 'instructor', displayName: user.displayName };
  return { principal, token: issueToken(s.secret, principal) };
}

/** Creates an instructor account (`npm run user:create`). */
export async function createInstructor(
  db: Services['db'],
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

/** Every use case past sign-in needs a principal; this is the gate. */
export function requireRole(who: Principal | undefined, ...roles: Principal['role'][]): Principal {
  if (!who) throw new AppError('UNAUTHENTICATED');
  if (roles.length > 0 && !roles.includes(who.role)) throw new AppError('FORBIDDEN');
  return who;
}
