import { formatProblem } from '../model/problems';
import type { LabReport, StepReport, TraceHop } from './report';

/** The `lab` command's text output for one lab file (lab-format.md, "The lab command"). */
export function formatLabReport(report: LabReport): string {
  const lines = [report.file];
  if (!report.valid) {
    for (const p of report.problems ?? []) lines.push(`  ${formatProblem(p)}`);
    return lines.join('\n');
  }
  for (const w of report.warnings ?? []) lines.push(`  warning  ${w.path}: ${w.message}`);
  for (const step of report.steps) lines.push(...formatStep(step));
  return lines.join('\n');
}

function formatStep(step: StepReport): string[] {
  // wait, fail and recover print "-"; other steps print ok even when not counted (lab-format.md)
  const quiet = step.kind === 'wait' || step.kind === 'fail' || step.kind === 'recover';
  const status = quiet && step.ok ? '-' : step.ok ? 'ok' : 'FAIL';
  const head = `  ${status.padEnd(5)} ${String(step.index).padStart(1)} ${step.kind.padEnd(7)} ${step.summary}`;
  if (step.ok) return [head];
  const lines = [head];
  if (step.error) lines.push(...step.error.split('\n').map((l) => `          ${l}`));
  else if (step.output && step.mismatches)
    lines.push(
      '          output:',
      ...step.output
        .split('\n')
        .slice(0, 30)
        .map((l) => `            ${l}`),
    );
  for (const m of (step.mismatches ?? []).slice(1)) lines.push(`          also: ${m}`);
  if (step.trace) lines.push(...formatTrace(step.trace));
  if (step.replyTrace) {
    lines.push('          reply:');
    lines.push(...formatTrace(step.replyTrace));
  }
  if (step.drop) lines.push(`          ${step.drop.code}: ${step.drop.explanation}`);
  return lines;
}

/** A trace hop by hop, so the reader sees where and why. */
export function formatTrace(hops: TraceHop[]): string[] {
  const width = Math.min(24, Math.max(...hops.map((h) => h.resource.length), 4));
  return hops.map(
    (h, i) => `          ${String(i + 1).padStart(2)} ${h.resource.padEnd(width)}  ${h.action}: ${h.detail}`,
  );
}

/** The closing line: one item per expect, per checked aws/run step, per unexpected failure. */
export function formatTotals(passed: number, failed: number): string {
  return `${passed} passed, ${failed} failed`;
}
