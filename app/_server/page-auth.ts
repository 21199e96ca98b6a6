import { cookies } from 'next/headers';
import { SESSION_COOKIE, verifyToken, type Principal } from './auth/session-token';
import { getServices } from './services';

/** The principal a page request comes from (pages check roles like routes and sockets do). */
export async function currentPrincipal(): Promise<Principal | undefined> {
  const jar = await cookies();
  return verifyToken(getServices().secret, jar.get(SESSION_COOKIE)?.value);
}
