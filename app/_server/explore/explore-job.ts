import { tokenize } from '@/engine/control/aws/cli-args';
import { importSnapshot, type SnapshotFile } from '@/engine/lab/import/import-snapshot';
import { parseSteps } from '@/engine/lab/lab-file';
import type { StepReport } from '@/engine/lab/report';
import { subnetMatrix, type MatrixOptions, type SubnetMatrix } from '@/engine/lab/reachability';
import { runStep, startSession } from '@/engine/lab/run-lab';
import type { Problem } from '@/engine/model/problems';
import { TopologySchema, type Topology } from '@/engine/model/topology';
import { buildNetwork } from '@/engine/network/build-network';
import type { Network } from '@/engine/network/network';

/**
 * Work on an uploaded account, as plain data so it crosses to a worker thread: import the files
 * and build the network (every call does: nothing of one user's account stays in a thread), then
 * describe it, run one look (a describe call or a traffic test), or compute the subnet matrix.
 */
export interface ExploreJob {
  explore: 'load' | 'step' | 'matrix';
  files: SnapshotFile[];
  /** for `step`: a lab step, already checked by exploreStepProblems */
  step?: unknown;
  matrix?: MatrixOptions;
}

export interface ExploreOutcome {
  /** why the files do not make a network AWS could hold; nothing else is set then */
  problems?: Problem[];
  /** what the importer could not use */
  warnings: Problem[];
  topology?: Topology;
  counts?: { vpcs: number; subnets: number; instances: number; routeTables: number; securityGroups: number };
  report?: StepReport;
  matrix?: SubnetMatrix;
}

/** Imports and builds; the problems when the files do not make a network. */
function load(files: SnapshotFile[]): { network: Network; warnings: Problem[] } | ExploreOutcome {
  const imported = importSnapshot(files);
  const parsed = TopologySchema.safeParse(imported.topology);
  if (!parsed.success)
    return {
      warnings: imported.warnings,
      problems: parsed.error.issues.map((i) => ({ path: `import.${i.path.join('.')}`, message: i.message })),
    };
  const built = buildNetwork(parsed.data);
  if (!built.ok) return { warnings: imported.warnings, problems: built.problems };
  if (built.network.vpcs.size === 0)
    return {
      warnings: imported.warnings,
      problems: [{ path: 'files', message: 'no VPC in these files: upload the output of aws ec2 describe-vpcs too' }],
    };
  return { network: built.network, warnings: imported.warnings };
}

/** Runs an explore job. Pure: the same job gives the same outcome anywhere. */
export function runExploreJob(job: ExploreJob): ExploreOutcome {
  const loaded = load(job.files);
  if (!('network' in loaded)) return loaded;
  const { network, warnings } = loaded;
  const t = network.topology;
  if (job.explore === 'load')
    return {
      warnings,
      topology: t,
      counts: {
        vpcs: t.vpcs.length,
        subnets: t.subnets.length,
        instances: t.instances.length,
        routeTables: t.routeTables.length,
        securityGroups: t.securityGroups.length,
      },
    };
  if (job.explore === 'matrix') return { warnings, matrix: subnetMatrix(network, job.matrix ?? { protocol: 'icmp' }) };
  const problems: Problem[] = [];
  const [step] = parseSteps([job.step], 'step', problems);
  if (!step) return { warnings, problems };
  const session = startSession({ lab: { title: 'explore', steps: [] }, network, warnings });
  return { warnings, report: runStep(session, { ...step, index: 1 }) };
}

/** Read-only AWS calls: an uploaded account is looked at, never changed. */
const READ_ONLY = /^(describe|get|search)-/;

/**
 * What an explorer may run: a traffic test (an `expect` with `from` and `to`), or a read-only
 * `aws ec2` / `aws elbv2` call. Problems say what and where.
 */
export function exploreStepProblems(raw: unknown): Problem[] {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    return [{ path: 'step', message: 'a step is an object: { aws: "ec2 describe-…" } or { expect: { from, to, … } }' }];
  const r = raw as Record<string, unknown>;
  if ('aws' in r) {
    const words = typeof r.aws === 'string' ? tokenize(r.aws.trim()) : { error: 'aws: a command line' };
    if (!Array.isArray(words)) return [{ path: 'step.aws', message: words.error }];
    const [service, op] = words[0] === 'aws' ? words.slice(1) : words;
    if ((service !== 'ec2' && service !== 'elbv2') || !op || (!READ_ONLY.test(op) && op !== 'help'))
      return [
        {
          path: 'step.aws',
          message: 'an uploaded account is read-only here: aws ec2 / elbv2 describe-*, get-* and search-* calls only',
        },
      ];
    return [];
  }
  if ('expect' in r) {
    const e = r.expect as Record<string, unknown> | undefined;
    if (!e || typeof e !== 'object' || e.from === undefined || e.to === undefined)
      return [{ path: 'step.expect', message: 'a traffic test names from and to' }];
    return [];
  }
  return [{ path: 'step', message: 'only traffic tests and read-only aws calls run on an uploaded account' }];
}
