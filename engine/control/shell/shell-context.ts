import { configEdit, runtimeEdit } from '../../guest/boot-state';
import type { InstanceNode } from '../../network/network';
import type { GuestOs } from '../../model/guest-os';
import { guestStack, type GuestStack } from '../../guest/guest-stack';
import type { ControlState } from '../control-state';
import { instanceIn, isFailure } from '../topology-edit';

/** What a shell command printed and its exit status (0 = success). */
export interface ShellResult {
  output: string;
  exit: number;
}

/** One command line running on one VM: its instance, its stack, and a way to edit its config. */
export class ShellContext {
  constructor(
    readonly state: ControlState,
    readonly instanceId: string,
    /** false when a daemon runs the command: it must not wipe the captures of a running wait */
    readonly interactive = true,
  ) {}

  /** A traffic command starts a new experiment: tcpdump afterwards shows only its packets. */
  startExperiment(): void {
    if (this.interactive) this.state.world.startExperiment();
  }

  get instance(): InstanceNode {
    return this.state.network.instances.get(this.instanceId)!;
  }

  get stack(): GuestStack {
    return guestStack(this.instance);
  }

  /** Edits the guest's configuration (what the OS keeps) and rebuilds; returns an error text or undefined. */
  /**
   * Changes the guest: at run time (`ip`, `sysctl -w`, `iptables`: a reboot forgets it), or its
   * configuration (a file: it persists). Refused whole, with the tool's message, or applied.
   */
  editOs(edit: (os: GuestOs) => string | void, kind: 'runtime' | 'config' = 'runtime'): string | undefined {
    let message: string | undefined;
    const failure = this.state.apply((t) => {
      const inst = instanceIn(t, this.instanceId);
      if (isFailure(inst)) return inst;
      const refused = kind === 'runtime' ? runtimeEdit(inst.os, edit) : configEdit(inst.os, edit);
      if (refused) {
        message = refused;
        return { code: 'Shell', message: refused };
      }
      return undefined;
    });
    return message ?? (failure ? failure.message : undefined);
  }
}

export function ok(output = ''): ShellResult {
  return { output, exit: 0 };
}

export function err(output: string, exit = 1): ShellResult {
  return { output, exit };
}
