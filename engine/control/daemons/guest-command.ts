import type { ControlState } from '../control-state';

/**
 * How a daemon runs a command in its guest (a notify script, keepalived's gratuitous ARP): the
 * shell, passed in by whoever advances time, because the shell can in turn start and stop
 * daemons (`systemctl`).
 */
export type GuestCommand = (state: ControlState, instanceId: string, line: string) => { output: string; exit: number };
