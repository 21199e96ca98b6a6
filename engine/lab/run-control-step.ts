import { configEdit } from '../guest/boot-state';
import { tokenize } from '../control/aws/cli-args';
import { runAwsCommand, type AwsCommandResult } from '../control/aws/run-aws';
import { splitPipeline } from '../control/shell/pipeline';
import { pipeThrough } from '../control/shell/text-filters';
import { boundOutput } from '../control/shell/bounds';
import { commandFailed, runShellCommand } from '../control/shell/run-shell';
import { instanceIn, isFailure } from '../control/topology-edit';
import { restartDaemons, settle } from '../control/daemons/clock';
import type { AwsStep, ConfigureStep, RunStep } from '../model/steps';
import type { LabStep } from './lab-file';
import type { StepReport } from './report';
import { writeFileStep } from './write-file-step';
import { setRouterBgp } from '../control/shell/router-shell';
import { runAwsWait } from './aws-wait';
import type { LabSession } from './session';

type ControlStep = Extract<LabStep, { kind: 'aws' | 'run' | 'configure' | 'write' }>;

/** Runs an `aws`, `run`, `configure` or `write` step and checks what it was expected to print. */
export function runControlStep(session: LabSession, step: ControlStep): StepReport {
  const report =
    step.kind === 'aws'
      ? awsStep(session, step)
      : step.kind === 'configure'
        ? configureStep(session, step)
        : step.kind === 'write'
          ? writeFileStep(session, step)
          : runStepInVm(session, step);
  // Every change is followed by the daemons: BGP recomputes its best paths (R120).
  settle(session.control);
  return report;
}

const asList = (x: string | string[] | undefined) => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/** Substring checks on what a command printed; every failure is listed. */
export function outputMismatches(
  output: string,
  step: { expectOutput?: string | string[] | undefined; expectNoOutput?: string | string[] | undefined },
): string[] {
  const out: string[] = [];
  for (const want of asList(step.expectOutput))
    if (!output.includes(want)) out.push(`expected the output to contain "${want}"`);
  for (const bad of asList(step.expectNoOutput))
    if (output.includes(bad)) out.push(`expected the output not to contain "${bad}"`);
  return out;
}

/** `{ RouteTables.0.Routes.1.State: blackhole }`: dotted paths into the JSON answer. */
function jsonMismatches(output: string, expected: Record<string, unknown>): string[] {
  let json: unknown;
  try {
    json = output === '' ? {} : JSON.parse(output);
  } catch {
    return ['the output is not JSON'];
  }
  const out: string[] = [];
  for (const [path, want] of Object.entries(expected)) {
    let at: unknown = json;
    for (const part of path.split('.'))
      at = at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[part] : undefined;
    const same =
      JSON.stringify(at) === JSON.stringify(want) ||
      (at !== undefined && at !== null && typeof at !== 'object' && String(at) === String(want));
    if (!same)
      out.push(`${path}: expected ${JSON.stringify(want)}, got ${at === undefined ? 'nothing' : JSON.stringify(at)}`);
  }
  return out;
}

/** `${name}` in a command replaced by what an earlier step captured, or the first name nothing captured. */
function withCaptured(session: LabSession, command: string): { command: string } | { unknown: string } {
  let unknown: string | undefined;
  const out = command.replace(/\$\{([A-Za-z][A-Za-z0-9_-]*)\}/g, (whole, name: string) => {
    const value = session.captured?.get(name);
    if (value === undefined) unknown ??= name;
    return value ?? whole;
  });
  return unknown === undefined ? { command: out } : { unknown };
}

function awsStep(session: LabSession, written: { kind: 'aws'; index: number } & AwsStep): StepReport {
  const substituted = withCaptured(session, written.aws);
  if ('unknown' in substituted)
    return {
      index: written.index,
      kind: 'aws',
      ok: false,
      counted: true,
      summary: written.aws,
      error: `\${${substituted.unknown}} names nothing an earlier step captured (capture: ${substituted.unknown})`,
    };
  const step = { ...written, aws: substituted.command };
  const result = awsPipeline(session, step);
  if (result.ok && step.capture !== undefined) (session.captured ??= new Map()).set(step.capture, result.output.trim());
  // the console shows a bounded output; the expectations read all of it
  const base = { index: step.index, kind: 'aws' as const, summary: step.aws, output: boundOutput(result.output) };
  const expectsError = step.expectError !== undefined;
  const checks =
    expectsError ||
    step.expectOutput !== undefined ||
    step.expectNoOutput !== undefined ||
    step.expectJson !== undefined;
  if (expectsError) {
    const codes = asList(step.expectError);
    const okError = !result.ok && (codes.includes('any') || codes.includes(result.code!));
    const summary = result.ok
      ? `${step.aws}: expected ${codes.join(' or ')}, but the call succeeded`
      : `${step.aws}: ${okError ? 'refused' : `expected ${codes.join(' or ')}, refused`} with ${result.code}`;
    return { ...base, ok: okError, counted: true, summary, ...(okError ? {} : { error: base.output }) };
  }
  if (!result.ok) return { ...base, ok: false, counted: true, error: base.output };
  const mismatches = [
    ...outputMismatches(result.output, step),
    ...(step.expectJson ? jsonMismatches(result.output, step.expectJson) : []),
  ];
  return {
    ...base,
    ok: mismatches.length === 0,
    counted: checks,
    ...(mismatches.length > 0 ? { mismatches, summary: `${step.aws}: ${mismatches[0]}` } : {}),
  };
}

/**
 * The call, and the text filters its output is piped through (`aws ec2 describe-… | grep igw`),
 * as a shell runs the CLI: a refused call pipes nothing.
 */
function awsPipeline(session: LabSession, step: AwsStep): AwsCommandResult {
  const stages = splitPipeline(step.aws);
  if (!Array.isArray(stages)) return { ok: false, output: `bash: ${stages.error}`, code: 'CliUsage' };
  const result = runAwsWait(session.control, stages[0]!) ?? runAwsCommand(session.control, stages[0]!, step.id);
  if (stages.length === 1 || !result.ok) return result;
  const piped = pipeThrough(stages.slice(1), { output: result.output, exit: 0 }, false, tokenize);
  // grep finding nothing is an answer; a filter refused is the command line's mistake
  return piped.exit === 0 || (piped.exit === 1 && /^\S*grep\b/.test(stages.at(-1)!.trim()))
    ? { ok: true, output: piped.output }
    : { ok: false, output: piped.output, code: 'CliUsage' };
}

/** Changes a guest's configuration; daemons whose configuration changed restart (lab-format.md). */
function configureStep(session: LabSession, step: { kind: 'configure'; index: number } & ConfigureStep): StepReport {
  const { on, os } = step.configure;
  const summary = `${on}: ${Object.keys(os).join(', ')}`;
  const refused = (error: string): StepReport => ({
    index: step.index,
    kind: 'configure',
    ok: false,
    counted: true,
    summary,
    error,
  });
  // an on-premises router is configured as its frr.conf is saved: a reload, sessions stay (frr-reload.py)
  if (session.control.topology.onPremisesRouters.some((r) => r.id === on)) {
    const other = Object.keys(os).filter((k) => k !== 'bgp');
    if (other.length > 0)
      return refused(`${on}: only the router's BGP configuration can be changed (not ${other.join(', ')})`);
    setRouterBgp(session.control, on, os.bgp);
    return { index: step.index, kind: 'configure', ok: true, counted: false, summary };
  }
  const failure = session.control.apply((t) => {
    const inst = instanceIn(t, on);
    if (isFailure(inst)) return inst;
    configEdit(inst.os, (o) => void Object.assign(o, os));
    return undefined;
  });
  if (failure) return refused(`${failure.code}: ${failure.message}`);
  if ('vrrp' in os || 'bgp' in os) restartDaemons(session.control, on);
  return { index: step.index, kind: 'configure', ok: true, counted: false, summary };
}

/** Runs a command in a VM; a command that fails as a command (not as an experiment) fails the step. */
function runStepInVm(session: LabSession, step: { kind: 'run'; index: number } & RunStep): StepReport {
  const { on, cmd } = step.run;
  const result = runShellCommand(session.control, on, cmd);
  const base = { index: step.index, kind: 'run' as const, summary: `${on}: ${cmd}`, output: result.output };
  const checks = step.expectOutput !== undefined || step.expectNoOutput !== undefined || step.expectExit !== undefined;
  const mismatches = outputMismatches(result.output, step);
  if (step.expectExit !== undefined) {
    const want = step.expectExit;
    const okExit = want === 'nonzero' ? result.exit !== 0 : result.exit === want;
    if (!okExit)
      mismatches.push(`expected exit status ${want === 'nonzero' ? 'other than 0' : want}, got ${result.exit}`);
  }
  if (mismatches.length > 0)
    return { ...base, ok: false, counted: true, mismatches, summary: `${on}: ${cmd}: ${mismatches[0]}` };
  // the status the lab expected: a failure is the outcome it asked for
  if (step.expectExit !== undefined) return { ...base, ok: true, counted: true };
  if (commandFailed(cmd, result))
    return { ...base, ok: false, counted: true, error: result.output || `exit status ${result.exit}` };
  return { ...base, ok: true, counted: checks };
}
