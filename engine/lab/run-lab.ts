import type { LabSession } from './session';
import { tunnelId } from '../trace/vpn-tunnel';
import { cidrContains, ipToString } from '../net/ipv4';
import { ControlState } from '../control/control-state';
import { advanceTime, advanceUntilSettled, quietPeriod, settle } from '../control/daemons/clock';
import { rebootInstance } from '../control/reboot';
import type { ArpExpect, FlowExpect, LookupExpect } from '../model/expect';
import { protocolName } from '../net/protocols';
import { bindSender, responderOf, senderRef, traceFlow, type FlowTrace } from '../trace/flow';
import { lookupRoute } from '../trace/route-lookup';
import { ConnectionState } from '../trace/world';
import { checkFlow, endingId } from './check-flow';
import type { LabStep } from './lab-file';
import type { LoadedLab } from './load-lab';
import { dropOf, traceHops, type LabReport, type StepReport } from './report';
import { resolveAddress, resolveFlow } from './resolve-flow';
import { resolveArp } from './resolve-arp';
import { runControlStep } from './run-control-step';
import { daemonCommand } from '../control/shell/daemon-command';

export type { FlowMemory, LabSession } from './session';

/** Named flows one session keeps; a lab that needs more reuses a name. */
export const MAX_NAMED_FLOWS = 64;

/** Runs `aws`, `run`, `configure` and `write` steps. */
export type ControlStepRunner = (
  session: LabSession,
  step: Extract<LabStep, { kind: 'aws' | 'run' | 'configure' | 'write' }>,
) => StepReport;

/** Starts a session on a loaded lab's network, with the clock at 0. */
export function startSession(loaded: LoadedLab): LabSession {
  const control = new ControlState(loaded.network);
  // daemons start with the lab, at time 0 (keepalived as backup, BGP idle)
  settle(control);
  return { control, flows: new Map() };
}

/** Runs every step of a loaded lab in order; a lab goes on after a failure (lab-format.md). */
export function runLab(loaded: LoadedLab, file: string, control: ControlStepRunner = runControlStep): LabReport {
  const session = startSession(loaded);
  const steps = loaded.lab.steps.map((step) => runStep(session, step, control));
  const passed = steps.filter((s) => s.counted && s.ok).length;
  const failed = steps.filter((s) => s.counted && !s.ok).length;
  return {
    file,
    title: loaded.lab.title,
    valid: true,
    ...(loaded.warnings.length > 0 ? { warnings: loaded.warnings } : {}),
    steps,
    passed,
    failed,
  };
}

/** Runs one step against the session. */
export function runStep(session: LabSession, step: LabStep, control: ControlStepRunner = runControlStep): StepReport {
  switch (step.kind) {
    case 'aws':
    case 'run':
    case 'configure':
    case 'write':
      return control(session, step);
    case 'fail':
    case 'recover':
      return failOrRecover(session, step.index, step.kind, step.target);
    case 'wait':
      return waitStep(session, step.index, step.seconds, step.until);
    case 'expect':
      if (step.form === 'lookup') return expectLookup(session, step.index, step.expect);
      if (step.form === 'arp') return expectArp(session, step.index, step.expect);
      return expectFlow(session, step.index, step.expect);
  }
}

/** Time passes: exactly, or until the network settles (bounded). A new experiment starts. */
function waitStep(session: LabSession, index: number, seconds: number, until?: 'settled'): StepReport {
  session.control.world.startExperiment();
  if (until !== 'settled') {
    advanceTime(session.control, seconds, daemonCommand);
    return { index, kind: 'wait', ok: true, counted: false, summary: `${seconds} s` };
  }
  const r = advanceUntilSettled(session.control, seconds, daemonCommand);
  const quiet = quietPeriod(session.control);
  return {
    index,
    kind: 'wait',
    ok: true,
    counted: false,
    summary: r.settled
      ? `settled after ${r.seconds} s (nothing changed for ${quiet} s)`
      : `still changing after ${r.seconds} s`,
  };
}

/**
 * The running clock's next second: the same as a longer `wait` that is still going (no new
 * experiment: tcpdump keeps what the whole run captured). `wait: N` equals this N times after
 * one `startExperiment`.
 */
export function continueWait(session: LabSession, seconds: number, first: boolean): void {
  if (first) session.control.world.startExperiment();
  advanceTime(session.control, seconds, daemonCommand);
}

function failOrRecover(session: LabSession, index: number, kind: 'fail' | 'recover', target: string): StepReport {
  const tunnel = session.control.topology.vpnConnections.some((c) =>
    c.tunnels.some((t) => tunnelId(c.id, t.outsideIp) === target),
  );
  if (tunnel) return tunnelFailOrRecover(session, index, kind, target);
  if (!session.control.network.instances.has(target)) {
    return {
      index,
      kind,
      ok: false,
      counted: true,
      summary: target,
      error: `${target} is not an instance or a VPN tunnel (<vpn id>/<outside ip>)`,
    };
  }
  // A crash freezes the guest; recovering reboots it, and its daemons start again (lab-format.md).
  const world = session.control.world;
  if (kind === 'fail') {
    world.failed.add(target);
    world.events.change({
      at: world.time,
      kind: 'instance',
      instance: target,
      text: 'hangs: it answers and forwards nothing, its daemons freeze, and AWS still reports it running (A7)',
      outcome: 'failed',
    });
  } else {
    rebootInstance(
      session.control,
      target,
      'recovers: it reboots, and its daemons start again from their configuration',
    );
  }
  return { index, kind, ok: true, counted: false, summary: target };
}

/** A VPN tunnel goes down (its IPsec session drops) or comes back. */
function tunnelFailOrRecover(session: LabSession, index: number, kind: 'fail' | 'recover', target: string): StepReport {
  const world = session.control.world;
  if (kind === 'fail') world.failed.add(target);
  else world.failed.delete(target);
  world.events.change({
    at: world.time,
    kind: 'api',
    instance: target,
    text: kind === 'fail' ? 'the tunnel goes down: its IPsec session is lost' : 'the tunnel comes back up',
    outcome: kind === 'fail' ? 'failed' : 'ok',
  });
  return { index, kind, ok: true, counted: false, summary: target };
}

function expectFlow(session: LabSession, index: number, e: FlowExpect): StepReport {
  const base = { index, kind: 'expect' as const, counted: true };
  // tcpdump afterwards shows what this experiment's packets did
  session.control.world.startExperiment();
  const memory = e.flow !== undefined ? session.flows.get(e.flow) : undefined;
  let trace: FlowTrace;
  let label: string;
  if (memory) {
    const reverse = e.direction === 'reply';
    const start = reverse ? memory.responder : { from: memory.sender, packet: memory.packet };
    const from = start && bindSender(start.from, session.control.network);
    if (!start || !from)
      return {
        ...base,
        ok: false,
        summary: memory.label,
        error: `flow ${e.flow}: the request never reached anyone who could answer`,
      };
    // The client knows the server by the address and port it first sent to.
    const known = reverse ? { src: memory.packet.dst, srcPort: memory.packet.dstPort } : memory.serverSees;
    trace = traceFlow(
      session.control.network,
      session.control.world,
      from,
      start.packet,
      memory.conn,
      reverse ? 'reply' : 'request',
      known ?? { src: start.packet.src, srcPort: start.packet.srcPort },
    );
    label = `${reverse ? 'reply on ' : ''}${memory.label}`;
  } else {
    const resolved = resolveFlow(session.control.network, e);
    const what = `${e.from} -> ${e.to} ${protocolName(e.protocol ?? 0)}${e.port !== undefined ? `/${e.port}` : ''}`;
    if (!resolved.ok) return { ...base, ok: false, summary: what, error: resolved.error };
    if (e.flow !== undefined && session.flows.size >= MAX_NAMED_FLOWS)
      return {
        ...base,
        ok: false,
        summary: what,
        error: `flow ${e.flow}: this lab already keeps ${MAX_NAMED_FLOWS} named flows; reuse one of their names`,
      };
    const conn = new ConnectionState();
    trace = traceFlow(session.control.network, session.control.world, resolved.sender, resolved.packet, conn);
    label = what;
    if (e.flow !== undefined) {
      const ending = trace.request.ending;
      const responder = responderOf(session.control.network, ending);
      const serverSees =
        ending.kind === 'dropped' ? undefined : { src: ending.packet.src, srcPort: ending.packet.srcPort };
      session.flows.set(e.flow, {
        sender: senderRef(resolved.sender),
        packet: resolved.packet,
        conn,
        label,
        ...(responder ? { responder: { from: senderRef(responder.from), packet: responder.packet } } : {}),
        ...(serverSees ? { serverSees } : {}),
      });
    }
  }
  const mismatches = checkFlow(e, trace);
  const ok = mismatches.length === 0;
  const report: StepReport = {
    ...base,
    ok,
    summary: `${label}: ${ok ? outcome(trace) : mismatches[0]}`,
    result: trace.result,
    trace: traceHops(trace.request),
    ...(trace.reply ? { replyTrace: traceHops(trace.reply) } : {}),
  };
  if (!ok) report.mismatches = mismatches;
  const drop = dropOf(trace.request) ?? dropOf(trace.reply);
  if (drop) report.drop = drop;
  return report;
}

/**
 * A traffic test's outcome in words: a reply that was delivered, but not to the sender, is named
 * where it went (no reverse-path check, R91: a peer with the same range gets it).
 */
function outcome(trace: FlowTrace): string {
  const end = trace.reply?.ending;
  if (trace.result !== 'request-only' || !end || end.kind === 'dropped') return trace.result;
  const to = endingId(end);
  return to === trace.request.hops[0]?.resource ? trace.result : `request-only: the reply was delivered to ${to}`;
}

function expectLookup(session: LabSession, index: number, e: LookupExpect): StepReport {
  const base = { index, kind: 'expect' as const, counted: true };
  const summary = `lookup ${e.lookup} ${e.destination}`;
  const table = session.control.network.routeTables.get(e.lookup);
  const tgwTable = session.control.network.tgwRouteTables.get(e.lookup);
  if (!table && tgwTable) {
    // a transit gateway route table: longest prefix, static before propagated (R97)
    const dst = resolveAddress(session.control.network, e.destination)!;
    const route = tgwTable.routes.find((r) => cidrContains(r.destination, dst));
    const got = !route ? 'none' : route.target === 'blackhole' ? 'blackhole' : route.target.id;
    const detail = route ? `${route.destination.text} -> ${got}` : `no route for ${ipToString(dst)}`;
    const ok = got === e.target;
    return {
      ...base,
      ok,
      summary: ok ? `${summary}: ${detail}` : `${summary}: expected ${e.target}, got ${got}`,
      trace: [{ resource: tgwTable.id, action: 'lookup', detail }],
    };
  }
  if (!table) {
    const other = session.control.network.otherIds.get(e.lookup);
    return {
      ...base,
      ok: false,
      summary,
      error: other
        ? `${e.lookup}: ${other} are not modelled by this version of the engine`
        : `unknown route table "${e.lookup}"`,
    };
  }
  const dst = resolveAddress(session.control.network, e.destination)!;
  const route = lookupRoute(table, dst);
  const got = !route ? 'none' : route.target.kind === 'local' ? 'local' : route.targetText;
  const alsoOk = route?.target.kind === 'eni' ? [route.target.eni.id, route.target.viaInstance] : [];
  const ok = got === e.target || alsoOk.includes(e.target);
  const detail = route ? `${route.destinationText} -> ${got}` : `no route for ${ipToString(dst)}`;
  return {
    ...base,
    ok,
    summary: ok ? `${summary}: ${detail}` : `${summary}: expected ${e.target}, got ${got}`,
    trace: [{ resource: table.id, action: 'lookup', detail }],
  };
}

function expectArp(session: LabSession, index: number, e: ArpExpect): StepReport {
  const base = { index, kind: 'expect' as const, counted: true };
  const summary = `${e.from} arp ${e.arp}`;
  const answer = resolveArp(session.control.network, e.from, e.arp);
  if (typeof answer !== 'string') return { ...base, ok: false, summary, error: answer.error };
  const ok = answer === e.result;
  return { ...base, ok, summary: ok ? `${summary}: ${answer}` : `${summary}: expected ${e.result}, got ${answer}` };
}
