/**
 * What a transport tells a use case about the call beyond who makes it: how to subscribe the
 * caller's connection to a session's rooms, where the call came from, and whether over HTTPS.
 */
export interface CallContext {
  /** subscribes the caller's socket to rooms (an HTTP request has none: nothing happens) */
  join(rooms: string[]): void;
  /** the client's address, as far as the configured proxies may be believed (TRUST_PROXY) */
  address: string;
  /** the page was served over HTTPS: cookies are Secure */
  secure: boolean;
  /** the caller's sign-in, when the cookie named an open one */
  sid?: string;
}

/** A call with no connection: scripts and use-case tests. */
export const NO_CONTEXT: CallContext = { join: () => undefined, address: 'local', secure: false };
