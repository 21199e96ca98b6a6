/**
 * Connection state that security groups, NAT gateways, guest NAT and stateful appliances
 * keep between a request and its reply (R66, R61). Each traffic test starts a new
 * connection with its own state; a named `flow` keeps its state across steps.
 */
export class ConnectionState {
  /** security-group connection tracking, per ENI and 5-tuple */
  readonly tracked = new Set<string>();
  /** NAT translations: forward key → translated port, reverse key → original client */
  readonly natForward = new Map<string, number>();
  readonly natReverse = new Map<string, { ip: number; port: number }>();
  /** when each NAT translation last carried a packet, in simulated seconds (R64) */
  readonly natLastSeen = new Map<string, number>();
  /** sessions seen by stateful appliances (os.firewall: stateful) */
  readonly sessions = new Set<string>();
  /** next translated port per NAT device, from 1024 (R61) */
  private readonly nextPort = new Map<string, number>();

  /** A translated source port in 1024–65535, deterministic per device (R61, REMAP_EPHEMERAL_PORT). */
  allocatePort(device: string): number {
    const port = this.nextPort.get(device) ?? 1024;
    this.nextPort.set(device, port >= 65535 ? 1024 : port + 1);
    return port;
  }
}

/**
 * Runtime state of a lab that the network itself does not hold: crashed instances and the
 * simulated clock. The engine has no clock of its own: time is a number the caller advances.
 */
export class World {
  /** instances that hang: AWS sees them running, they neither answer nor forward */
  readonly failed = new Set<string>();
  /** simulated seconds since the lab started */
  time = 0;
}
