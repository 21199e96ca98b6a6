import { cookies } from 'next/headers';
import { SESSION_COOKIE, type Principal } from './auth/session-token';
import { getServices } from './services';

/** The principal a page request comes from: a signed cookie naming an open sign-in (as routes and sockets check). */
export async function currentPrincipal(): Promise<Principal | undefined> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!token) return undefined;
  return (await getServices().signIns.resolve(`${SESSION_COOKIE}=${token}`))?.principal;
}
