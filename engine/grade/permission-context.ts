import { currentAssociations } from '../control/associations';
import { writeGuestFile } from '../control/files/guest-files';
import { cloneData } from '../model/clone';
import type { Topology } from '../model/topology';
import { buildNetwork } from '../network/build-network';
import type { Network } from '../network/network';
import type { PermissionContext } from './permissions-files';

/** The context a topology gives permission checks: its hosts, and the files on each guest. */
export function permissionContext(t: Topology): PermissionContext {
  const hosts = new Set([
    ...t.instances.flatMap((i) => [i.id, ...i.interfaces.map((e) => e.id)]),
    ...t.networkInterfaces.map((e) => e.id),
  ]);
  const associations = new Map([...currentAssociations(t)].map(([id, a]) => [id, a.subject]));
  const os = (id: string) => t.instances.find((i) => i.id === id)?.os;
  // a write is parsed on the attempt's network, built the first time one is asked about
  let network: Network | null | undefined;
  const patchOf = (id: string, path: string, content: string) => {
    if (network === undefined) {
      const built = buildNetwork(cloneData(t));
      network = built.ok ? built.network : null;
    }
    const inst = network?.instances.get(id);
    const w = network && inst ? writeGuestFile(network, inst, path, content) : undefined;
    return w?.ok ? w.patch : undefined;
  };
  return { hosts, files: (id) => os(id)?.files ?? {}, associations, os, patchOf };
}
