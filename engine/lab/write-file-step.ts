import { configEdit } from '../guest/boot-state';
import { controlUnit, type Unit } from '../control/daemons/clock';
import { unitStopped } from '../control/daemons/bgp';
import { formatFileProblems, writeGuestFile } from '../control/files/guest-files';
import { instanceIn, isFailure } from '../control/topology-edit';
import type { GuestOs } from '../model/guest-os';
import type { WriteStep } from '../model/steps';
import type { StepReport } from './report';
import type { LabSession } from './session';
import { writeRouterFrr } from '../control/shell/router-shell';
import { FRR_CONF } from '../control/files/frr-conf';

const asList = (x: string | string[] | undefined) => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/**
 * `write: { on, path, content }`: a file saved in the guest. It is parsed into the guest's model
 * as its daemon reads it (keepalived.conf, frr.conf, sysctl.conf, the iptables rules, a script);
 * a problem changes nothing. Saving a daemon's file restarts the daemon with it, as
 * `systemctl restart` after the edit would; a daemon stopped by hand stays stopped.
 */
export function writeFileStep(session: LabSession, step: { kind: 'write'; index: number } & WriteStep): StepReport {
  const { on, path, content } = step.write;
  const control = session.control;
  const lines = content === '' ? 0 : content.replace(/\n$/, '').split('\n').length;
  const base = { index: step.index, kind: 'write' as const, summary: `${on}: ${path} (${lines} lines)` };
  const refused = (error: string, fileProblems?: StepReport['fileProblems']): StepReport => {
    const wanted = asList(step.expectError);
    const expected = wanted.length > 0 && (wanted.includes('any') || wanted.every((w) => error.includes(w)));
    return {
      ...base,
      ok: expected,
      counted: true,
      error,
      ...(expected ? { summary: `${base.summary}: refused as expected` } : {}),
      ...(fileProblems ? { fileProblems } : {}),
    };
  };
  const inst = control.network.instances.get(on);
  // an on-premises router has one file the learner may write: its frr.conf
  const router = inst ? undefined : control.topology.onPremisesRouters.find((x) => x.id === on);
  if (router) {
    if (path !== FRR_CONF) return refused(`${on}: only ${FRR_CONF} can be written on the on-premises router`);
    const problems = writeRouterFrr(control, router, content);
    if (problems) return refused(formatFileProblems('frr', path, problems), problems);
    return { ...base, ok: step.expectError === undefined, counted: true };
  }
  if (!inst) return refused(`${on} is not an instance`);
  if (inst.state !== 'running' || control.world.failed.has(on))
    return refused(
      `ssh: connect to host ${on} port 22: Connection timed out (the instance ${inst.state !== 'running' ? `is ${inst.state}` : 'has hung'})`,
    );
  const r = writeGuestFile(control.network, inst, path, content);
  if (!r.ok) return refused(formatFileProblems(r.kind, path, r.problems), r.problems);
  const before = JSON.stringify(pick(inst.os, Object.keys(r.patch)));
  const failure = control.apply((t) => {
    const i = instanceIn(t, on);
    if (isFailure(i)) return i;
    // a file is configuration: the running guest takes it, and so does what a reboot comes back with
    configEdit(i.os, (os) => {
      Object.assign(os, r.patch);
      for (const [k, v] of Object.entries(r.patch)) if (v === undefined) delete (os as Record<string, unknown>)[k];
    });
    return undefined;
  });
  if (failure) return refused(`${failure.code}: ${failure.message}`);
  if (step.expectError !== undefined)
    return {
      ...base,
      ok: false,
      counted: true,
      error: `expected the file to be refused (${asList(step.expectError).join(', ')}), but it was accepted`,
    };
  const changed = before !== JSON.stringify(pick(control.network.instances.get(on)!.os, Object.keys(r.patch)));
  const reloaded: Unit[] = [];
  for (const unit of r.reload)
    if (changed && !unitStopped(control, on, unit)) {
      controlUnit(control, on, unit, 'restart');
      reloaded.push(unit);
    }
  control.world.events.change({
    at: control.world.time,
    kind: 'service',
    instance: on,
    text: `${r.path} written${reloaded.length > 0 ? `; ${reloaded.join(' and ')} restarted with it` : changed ? '' : ' (no change)'}`,
  });
  const stopped = r.reload.filter((u) => unitStopped(control, on, u));
  return {
    ...base,
    ok: true,
    counted: false,
    summary: `${base.summary}${reloaded.length > 0 ? `; ${reloaded.join(', ')} restarted` : ''}${stopped.length > 0 ? `; ${stopped.join(', ')} is stopped: systemctl start loads it` : ''}`,
  };
}

function pick(os: GuestOs, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, (os as Record<string, unknown>)[k]]));
}
