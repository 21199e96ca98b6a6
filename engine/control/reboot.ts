import type { ControlState } from './control-state';
import { rebootGuest } from '../guest/boot-state';
import { restartDaemons } from './daemons/clock';

/**
 * An instance reboots (`reboot-instances`, or the simulator's `recover`): a hung guest comes
 * back, and its daemons start again from their configuration. AWS keeps the instance running,
 * with its addresses, an auto-assigned public IP included (EC2 User Guide, "Reboot your instance");
 * the guest forgets what was changed at run time (boot-state.ts).
 */
export function rebootInstance(state: ControlState, id: string, text: string): void {
  // what was changed at run time (ip, sysctl -w, iptables) is gone; the configuration stays
  state.apply((t) => {
    const inst = t.instances.find((i) => i.id === id);
    if (inst) rebootGuest(inst.os);
    return undefined;
  });
  state.world.failed.delete(id);
  // a booted kernel counts from zero
  for (const key of [...state.world.counters.keys()]) if (key.startsWith(`${id}|`)) state.world.counters.delete(key);
  state.world.events.change({ at: state.world.time, kind: 'instance', instance: id, text, outcome: 'ok' });
  restartDaemons(state, id);
}
