/**
 * Underlay's engine: a pure simulator of AWS VPC forwarding (no framework, no clock, no
 * randomness), the same in the browser, the server, the tests and the `lab` command.
 */
export { parseIp, parseCidr, ipToString, type Ip, type Cidr } from './net/ipv4.js';
export { kindOf, type ResourceKind } from './model/ids.js';
export { TopologySchema, type Topology, type TopologyInput } from './model/topology.js';
export { formatProblem, type Problem } from './model/problems.js';
export { buildNetwork, type BuildResult } from './build/build-network.js';
export type { Network } from './build/network.js';
export { guestStack, guestLookup } from './guest/guest-stack.js';
export { DROP_CODES, explainDrop, type DropCode } from './trace/drop-codes.js';
export { traceFlow, sendPacket, type FlowTrace, type PacketTrace, type Sender } from './trace/flow.js';
export { ConnectionState, World } from './trace/world.js';
export type { Hop, Packet, Ending } from './trace/types.js';
export { parseLabText, parseLabObject, type LabFile, type LabStep } from './lab/lab-file.js';
export { loadLab, type LoadedLab, type LoadResult } from './lab/load-lab.js';
export { runLab, runStep, type LabSession, type ControlStepRunner } from './lab/run-lab.js';
export { importSnapshot, type SnapshotFile } from './lab/import/import-snapshot.js';
export { resolveFlow } from './lab/resolve-flow.js';
export { formatLabReport, formatTotals, formatTrace } from './lab/format-report.js';
export type { LabReport, StepReport, TraceHop } from './lab/report.js';
export { ControlState, type AwsFailure } from './control/control-state.js';
export { runAwsCommand, OPERATIONS, type AwsCommandResult } from './control/aws/run-aws.js';
export { runShellCommand, commandFailed } from './control/shell/run-shell.js';
export type { ShellResult } from './control/shell/shell-context.js';
export { advanceTime, restartDaemons, settle } from './control/daemons/clock.js';
export { startSession } from './lab/run-lab.js';
