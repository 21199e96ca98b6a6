import type { ControlState } from './control-state';
import { restartDaemons } from './daemons/clock';

/**
 * An instance reboots (`reboot-instances`, or the simulator's `recover`): a hung guest comes
 * back, and its daemons start again from their configuration. AWS keeps the instance running,
 * with its addresses, an auto-assigned public IP included (EC2 User Guide, "Reboot your instance").
 */
export function rebootInstance(state: ControlState, id: string, text: string): void {
  state.world.failed.delete(id);
  state.world.events.change({ at: state.world.time, kind: 'instance', instance: id, text, outcome: 'ok' });
  restartDaemons(state, id);
}
