import type { GuestCommand } from '../daemons/guest-command';
import { runShellCommand } from './run-shell';

/** A daemon's command runs in its guest's shell, without starting a new experiment. */
export const daemonCommand: GuestCommand = (state, id, line) => runShellCommand(state, id, line, false);
