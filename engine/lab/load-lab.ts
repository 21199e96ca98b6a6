import { buildNetwork } from '../network/build-network';
import type { Network } from '../network/network';
import { problemsFromZod, type Problem } from '../model/problems';
import { TopologySchema } from '../model/topology';
import { importSnapshot, type SnapshotFile } from './import/import-snapshot';
import type { LabFile } from './lab-file';

/** A lab whose topology AWS could hold, built and ready to run. */
export interface LoadedLab {
  lab: LabFile;
  network: Network;
  /** what an import could not use (unknown files, objects not modelled yet) */
  warnings: Problem[];
}

export type LoadResult = { ok: true; loaded: LoadedLab } | { ok: false; problems: Problem[]; warnings: Problem[] };

/**
 * Validates a lab's topology with zod, then builds it with AWS's rules (R2–R74), collecting
 * every problem. A lab with `import:` needs the snapshot's files, read by the caller (the
 * engine itself reads no files).
 */
export function loadLab(lab: LabFile, snapshot?: SnapshotFile[]): LoadResult {
  let raw: unknown = lab.topology;
  let prefix = 'topology';
  let warnings: Problem[] = [];
  if (lab.import !== undefined) {
    if (!snapshot)
      return {
        ok: false,
        problems: [{ path: 'import', message: `cannot read the snapshot folder "${lab.import}"` }],
        warnings,
      };
    if (snapshot.length === 0)
      return { ok: false, problems: [{ path: 'import', message: `no JSON files in "${lab.import}"` }], warnings };
    const imported = importSnapshot(snapshot);
    warnings = imported.warnings;
    const topology = imported.topology;
    if (lab.externalHosts) topology.externalHosts = lab.externalHosts;
    if (lab.listen) for (const inst of topology.instances as { os: { listen: unknown } }[]) inst.os.listen = lab.listen;
    raw = topology;
    prefix = `import(${lab.import})`;
  }
  const parsed = TopologySchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: problemsFromZod(parsed.error, prefix), warnings };
  const built = buildNetwork(parsed.data);
  if (!built.ok) {
    const problems =
      prefix === 'topology'
        ? built.problems
        : built.problems.map((p) => ({ ...p, path: p.path.replace(/^topology/, prefix) }));
    return { ok: false, problems, warnings };
  }
  return { ok: true, loaded: { lab, network: built.network, warnings } };
}
