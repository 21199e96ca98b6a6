import { cloneData } from '../model/clone';
import { RUNTIME_FIELDS, type GuestOs } from '../model/guest-os';

/**
 * What a reboot forgets. Changes made at run time (`ip`, `sysctl -w`, `iptables`) live in the
 * running guest only, as on Linux; the guest's files and a lab's `configure` persist. The first
 * runtime change keeps the configured values in `os.boot`; a reboot (reboot-instances, a stop
 * and start, the simulator's `recover`) puts them back.
 */

function snapshot(os: GuestOs): NonNullable<GuestOs['boot']> {
  const out: Record<string, unknown> = {};
  for (const k of RUNTIME_FIELDS) if (os[k] !== undefined) out[k] = cloneData(os[k]);
  return out as NonNullable<GuestOs['boot']>;
}

/** A change at run time: the configured values are kept first, for the next reboot. */
export function runtimeEdit<T>(os: GuestOs, edit: (os: GuestOs) => T): T {
  os.boot ??= snapshot(os);
  return edit(os);
}

/**
 * A change to the configuration (a file written, a `configure` step): the running guest takes
 * it, and so does what a reboot comes back with.
 */
export function configEdit<T>(os: GuestOs, edit: (os: GuestOs) => T): T {
  const result = edit(os);
  if (os.boot) {
    const booted = { ...os, ...cloneData(os.boot) } as GuestOs;
    for (const k of RUNTIME_FIELDS) if (!(k in os.boot)) delete booted[k];
    edit(booted);
    os.boot = snapshot(booted);
  }
  return result;
}

/** A reboot: the runtime fields are the configuration's again. */
export function rebootGuest(os: GuestOs): void {
  const boot = os.boot;
  if (!boot) return;
  const target = os as Record<string, unknown>;
  for (const k of RUNTIME_FIELDS) {
    if (k in boot) target[k] = cloneData((boot as Record<string, unknown>)[k]);
    else delete target[k];
  }
  delete os.boot;
}

/**
 * The guest as its configuration has it: what a reboot would come back with. The files print
 * this, not the running kernel: after `sysctl -w`, /etc/sysctl.conf still says what boot applies.
 */
export function configuredOs(os: GuestOs): GuestOs {
  const boot = os.boot;
  if (!boot) return os;
  const out = { ...os } as Record<string, unknown>;
  for (const k of RUNTIME_FIELDS) {
    if (k in boot) out[k] = (boot as Record<string, unknown>)[k];
    else delete out[k];
  }
  delete out.boot;
  return out as GuestOs;
}
