/**
 * IP protocol numbers and the names AWS prints for them, in one place: rules, traces, the
 * shell and the console all read them from here. `-1` is AWS's "every protocol".
 */
export const ALL = -1;
export const ICMP = 1;
export const TCP = 6;
export const UDP = 17;
/** keepalived's adverts (R117) */
export const VRRP = 112;

/** The names AWS takes and prints (`--protocol tcp`, `IpProtocol: "-1"` is "all"). */
export const PROTOCOL_NUMBERS = { all: ALL, icmp: ICMP, tcp: TCP, udp: UDP } as const;

const NAMES = new Map<number, string>(Object.entries(PROTOCOL_NUMBERS).map(([name, n]) => [n, name]));

/** `tcp`, `udp`, `icmp`, `all`; any other protocol as `proto <n>`. */
export function protocolName(protocol: number): string {
  return NAMES.get(protocol) ?? `proto ${protocol}`;
}

/** ICMP message types the engine sends (RFC 792): ping's echo and its reply. */
export const ICMP_ECHO_REQUEST = 8;
export const ICMP_ECHO_REPLY = 0;

/** TCP and UDP carry ports; other protocols do not. */
export function hasPorts(protocol: number): boolean {
  return protocol === TCP || protocol === UDP;
}
