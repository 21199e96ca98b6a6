/**
 * Underlay's engine: a pure simulator of AWS VPC forwarding (no framework, no clock, no
 * randomness), the same in the browser, the server, the tests and the `lab` command.
 */
export { parseIp, parseCidr, ipToString, type Ip, type Cidr } from './net/ipv4';
export { kindOf, type ResourceKind } from './model/ids';
export { TopologySchema, type Topology, type TopologyInput } from './model/topology';
export { formatProblem, type Problem } from './model/problems';
export { buildNetwork, type BuildResult } from './network/build-network';
export type { Network } from './network/network';
export { guestStack, guestLookup } from './guest/guest-stack';
export { DROP_CODES, explainDrop, type DropCode } from './trace/drop-codes';
export { traceFlow, sendPacket, type FlowTrace, type PacketTrace, type Sender } from './trace/flow';
export { ConnectionState, World } from './trace/world';
export type { Hop, Packet, Ending } from './trace/types';
export { parseLabText, parseLabObject, type LabFile, type LabStep } from './lab/lab-file';
export { loadLab, type LoadedLab, type LoadResult } from './lab/load-lab';
export { runLab, runStep, type LabSession, type ControlStepRunner } from './lab/run-lab';
export { importSnapshot, type SnapshotFile } from './lab/import/import-snapshot';
export { exportSnapshot } from './lab/export-snapshot';
export {
  subnetMatrix,
  MAX_MATRIX_SUBNETS,
  type SubnetMatrix,
  type MatrixCell,
  type MatrixSubnet,
  type MatrixOptions,
} from './lab/reachability';
export { resolveFlow } from './lab/resolve-flow';
export { formatLabReport, formatTotals, formatTrace } from './lab/format-report';
export type { LabReport, StepReport, TraceHop } from './lab/report';
export { ControlState, type AwsFailure } from './control/control-state';
export { runAwsCommand, OPERATIONS, type AwsCommandResult } from './control/aws/run-aws';
export { runShellCommand, commandFailed } from './control/shell/run-shell';
export type { ShellResult } from './control/shell/shell-context';
export { advanceTime, restartDaemons, settle } from './control/daemons/clock';
export { startSession, MAX_NAMED_FLOWS } from './lab/run-lab';
export { snapshotSession, restoreSession, SNAPSHOT_FORMAT, type SessionSnapshot } from './lab/session-snapshot';
export { COMMAND_BOUNDS } from './control/shell/bounds';
