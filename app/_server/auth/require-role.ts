import { AppError } from '../errors';
import type { Principal } from './session-token';

/** Every use case past sign-in needs a principal; this is the gate. */
export function requireRole(who: Principal | undefined, ...roles: Principal['role'][]): Principal {
  if (!who) throw new AppError('UNAUTHENTICATED');
  if (roles.length > 0 && !roles.includes(who.role)) throw new AppError('FORBIDDEN');
  return who;
}
