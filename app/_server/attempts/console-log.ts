import { protocolName } from '@/engine/net/protocols';
import type { LabStep } from '@/engine/lab/lab-file';
import type { StepReport } from '@/engine/lab/report';
import type { Prisma } from '@/src/generated/prisma/client';
import type { AttemptConsole, ConsoleEntryView } from '@/app/_shared/views';
import type { Principal } from '../auth/session-token';
import type { Services } from '../services';
import type { LiveAttempt } from './attempt-store';

/** How much of the console an attempt keeps, and what one entry may hold. */
export const CONSOLE_LIMITS = {
  /** entries kept per attempt (older ones are pruned as new ones come) */
  kept: 200,
  /** entries sent when the attempt is opened */
  shown: 40,
  /** characters of output kept per entry */
  outputChars: 8_000,
  /** bytes of a traffic test's report kept for the trace viewer */
  traceBytes: 64_000,
};

/** The console line a step stands for: where it ran and what was typed (or sent from a panel). */
export function consoleLabel(step: LabStep): { target: string; command: string } {
  switch (step.kind) {
    case 'aws':
      return { target: 'aws', command: step.aws };
    case 'run':
      return { target: step.run.on, command: step.run.cmd };
    case 'write':
      return { target: step.write.on, command: `(editor) save ${step.write.path}` };
    case 'configure':
      return { target: step.configure.on, command: `(configure) ${Object.keys(step.configure.os).join(', ')}` };
    case 'fail':
    case 'recover':
      return { target: 'simulator', command: `${step.kind} ${step.target}` };
    case 'wait':
      return { target: 'simulator', command: step.until === 'settled' ? 'wait settled' : `wait ${step.seconds}` };
    case 'expect': {
      if (step.form !== 'flow') return { target: 'traffic', command: `expect ${step.form}` };
      const e = step.expect as { from?: string; to?: string; protocol?: string | number; port?: number };
      const proto = typeof e.protocol === 'number' ? protocolName(e.protocol) : e.protocol;
      return {
        target: 'traffic',
        command: `${e.from ?? '?'} → ${e.to ?? '?'} ${proto ?? ''}${e.port !== undefined ? `:${e.port}` : ''}`.trim(),
      };
    }
  }
}

function clip(text: string): string {
  return text.length <= CONSOLE_LIMITS.outputChars
    ? text
    : `${text.slice(0, CONSOLE_LIMITS.outputChars)}\n… (${text.length - CONSOLE_LIMITS.outputChars} more characters not kept)`;
}

type Row = {
  id: number;
  userId: string;
  name: string;
  target: string;
  command: string;
  output: string;
  ok: boolean;
};

const view = (r: Row): ConsoleEntryView => ({
  id: r.id,
  target: r.target,
  command: r.command,
  output: r.output,
  ok: r.ok,
  by: { userId: r.userId, name: r.name },
});

/**
 * Keeps what the console showed for a step (or a refusal) with the attempt, and tells the
 * attempt's other pages: the learner's other tabs and devices, or the whole team. Older entries
 * beyond the limit are pruned. A failure to keep it is logged, never the step's failure.
 */
export async function recordConsole(
  s: Services,
  me: Principal,
  attempt: LiveAttempt,
  label: { target: string; command: string },
  result: { output: string; ok: boolean; report?: StepReport },
): Promise<ConsoleEntryView | undefined> {
  try {
    const trace =
      result.report?.trace && JSON.stringify(result.report).length <= CONSOLE_LIMITS.traceBytes
        ? (result.report as unknown as Prisma.InputJsonValue)
        : undefined;
    const row = await s.db.consoleEntry.create({
      data: {
        attemptId: attempt.id,
        userId: me.userId,
        name: me.displayName,
        target: label.target.slice(0, 100),
        command: label.command.slice(0, 2_000),
        output: clip(result.output),
        ok: result.ok,
        ...(trace ? { trace } : {}),
      },
    });
    // now and then (one insert in 20, on average): the attempt's entries beyond the newest `kept` go
    if (row.id % 20 === 0) await pruneConsole(s, attempt.id);
    const entry = view(row);
    const pushed: AttemptConsole = {
      attemptId: attempt.id,
      entry,
      ...(result.report?.trace ? { report: result.report } : {}),
    };
    if (attempt.sessionId && attempt.teamId)
      s.bus.signal(attempt.sessionId, { teamId: attempt.teamId }, 'attempt:console', pushed);
    else s.bus.toUser(attempt.userId, 'attempt:console', pushed);
    return entry;
  } catch (e) {
    s.log.warn({ err: e, attemptId: attempt.id }, 'console entry not kept');
    return undefined;
  }
}

/** Deletes an attempt's console entries beyond the newest `CONSOLE_LIMITS.kept`. */
export async function pruneConsole(s: Services, attemptId: string): Promise<void> {
  const [oldest] = await s.db.consoleEntry.findMany({
    where: { attemptId },
    orderBy: { id: 'desc' },
    skip: CONSOLE_LIMITS.kept - 1,
    take: 1,
    select: { id: true },
  });
  if (oldest) await s.db.consoleEntry.deleteMany({ where: { attemptId, id: { lt: oldest.id } } });
}

/** The newest entries of an attempt's console (oldest first) and its newest traffic test. */
export async function recentConsole(
  s: Services,
  attemptId: string,
): Promise<{ console: ConsoleEntryView[]; lastTrace?: StepReport }> {
  const [rows, traced] = await Promise.all([
    s.db.consoleEntry.findMany({
      where: { attemptId },
      orderBy: { id: 'desc' },
      take: CONSOLE_LIMITS.shown,
      select: { id: true, userId: true, name: true, target: true, command: true, output: true, ok: true },
    }),
    s.db.consoleEntry.findFirst({
      // traffic tests are the entries with traces
      where: { attemptId, target: 'traffic' },
      orderBy: { id: 'desc' },
      select: { trace: true },
    }),
  ]);
  return {
    console: rows.reverse().map(view),
    ...(traced?.trace ? { lastTrace: traced.trace as unknown as StepReport } : {}),
  };
}
