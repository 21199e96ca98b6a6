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
    const inlined = inlineImport(lab, snapshot);
    warnings = inlined.warnings;
    if (inlined.problems.length > 0) return { ok: false, problems: inlined.problems, warnings };
    raw = inlined.topology;
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

/**
 * An imported lab's topology: the snapshot's, with the lab's `externalHosts`, its `listen` for
 * every instance, and its `guests` (an instance's `os`, merged over the import's). A level that
 * imports a snapshot is inlined this way when it is loaded, so the page and the grader see a
 * plain topology.
 */
export function inlineImport(
  lab: Pick<LabFile, 'externalHosts' | 'listen' | 'guests'>,
  snapshot: SnapshotFile[],
): { topology: Record<string, unknown>; warnings: Problem[]; problems: Problem[] } {
  const imported = importSnapshot(snapshot);
  const topology = imported.topology;
  const instances = topology.instances as { id: string; os: Record<string, unknown> }[];
  const problems: Problem[] = [];
  if (lab.externalHosts) topology.externalHosts = lab.externalHosts;
  if (lab.listen) for (const inst of instances) inst.os.listen = lab.listen;
  for (const [id, os] of Object.entries(lab.guests ?? {})) {
    const inst = instances.find((i) => i.id === id);
    if (!inst) problems.push({ path: `guests.${id}`, message: `the import has no instance ${id}` });
    else if (!os || typeof os !== 'object' || Array.isArray(os))
      problems.push({ path: `guests.${id}`, message: 'a guest model is an object (the fields of os:)' });
    else inst.os = { ...inst.os, ...(os as Record<string, unknown>) };
  }
  return { topology, warnings: imported.warnings, problems };
}
