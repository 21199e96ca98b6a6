import { buildNetwork } from '@/engine/network/build-network';
import type { Network } from '@/engine/network/network';
import { guestFiles, normalizePath, writeFields, type GuestFile } from '@/engine/control/files/guest-files';
import type { Allowed } from '@/engine/grade/challenge';
import { fieldsAllowed } from '@/engine/grade/permissions-files';
import type { Topology } from '@/engine/model/topology';
import { routerFiles } from '@/engine/control/files/router-files';

const networks = new WeakMap<Topology, Network | null>();

/** The network the page's topology builds (the engine runs in the browser too), once per topology. */
function networkOf(topology: Topology): Network | undefined {
  let n = networks.get(topology);
  if (n === undefined) {
    const built = buildNetwork(topology);
    n = built.ok ? built.network : null;
    networks.set(topology, n);
  }
  return n ?? undefined;
}

/**
 * An instance's (or an on-premises router's) files, printed in the browser from the same model the server prints them from
 * (`cat` answers the same text): opening a file costs no round trip. Saving goes to the server.
 */
export function filesOn(topology: Topology, instance: string): GuestFile[] {
  // an on-premises router (level 13's r-dc) has one file: its frr.conf
  const router = topology.onPremisesRouters.find((r) => r.id === instance);
  if (router) return routerFiles(topology, router);
  const network = networkOf(topology);
  const inst = network?.instances.get(instance);
  return network && inst ? guestFiles(network, inst) : [];
}

/** Why the learner may not change a file on this instance in this level; undefined when they may. */
export function whyReadOnly(allowed: Allowed, instance: string, path: string): string | undefined {
  const p = normalizePath(path);
  const fields = writeFields(p);
  if (fields.length === 0)
    return p === '/etc/resolv.conf'
      ? `${p} comes from the VPC's DHCP options.`
      : `${p} comes from the instance's address, as EC2 names it.`;
  const may = fieldsAllowed(allowed, instance, fields, p);
  return may.ok ? undefined : `${may.reason}.`;
}

export { normalizePath };
