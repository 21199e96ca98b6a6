#!/usr/bin/env node
/**
 * `npm run -s lab -- <file or folder>... [--json]`: runs lab files and prints, per step,
 * whether it passed; a failing expectation prints its trace hop by hop (lab-format.md).
 * Exit status: 2 if a file is not a valid lab, else 1 if anything failed, else 0.
 */
import { existsSync } from 'node:fs';
import { formatLabReport, formatTotals, type LabReport } from '../engine/index';
import { findLabFiles, runLabFile } from './lab-files';

const USAGE = `usage: npm run -s lab -- <file or folder>... [--json]

Runs Underlay lab files (YAML) and checks every expectation.
Folders are searched recursively for *.yaml and *.yml, in path order.

  --json      print one JSON object per lab, then {"passed": N, "failed": N}
  -h, --help  show this help

Exit status: 0 all passed, 1 something failed, 2 a file is not a valid lab.`;

function main(argv: string[]): number {
  const json = argv.includes('--json');
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const bad = argv.filter((a) => a.startsWith('-') && a !== '--json');
  const targets = argv.filter((a) => !a.startsWith('-'));
  if (bad.length > 0 || targets.length === 0) {
    process.stderr.write(
      `${bad.length > 0 ? `lab: unknown option ${bad[0]}\n` : 'lab: no lab file or folder given\n'}${USAGE}\n`,
    );
    return 2;
  }
  const reports: LabReport[] = [];
  const emit = (report: LabReport) => {
    reports.push(report);
    process.stdout.write(json ? `${JSON.stringify(toJson(report))}\n` : `${formatLabReport(report)}\n`);
  };
  const missing = (file: string, message: string): LabReport => ({
    file,
    valid: false,
    problems: [{ path: file, message }],
    steps: [],
    passed: 0,
    failed: 1,
  });
  for (const target of targets) {
    if (!existsSync(target)) {
      emit(missing(target, 'no such file or folder'));
      continue;
    }
    const files = findLabFiles(target);
    if (files.length === 0) emit(missing(target, 'no *.yaml or *.yml files in this folder'));
    for (const file of files) emit(runLabFile(file));
  }
  const passed = reports.reduce((n, r) => n + r.passed, 0);
  const failed = reports.reduce((n, r) => n + r.failed, 0);
  process.stdout.write(json ? `${JSON.stringify({ passed, failed })}\n` : `${formatTotals(passed, failed)}\n`);
  if (reports.some((r) => !r.valid)) return 2;
  return failed > 0 ? 1 : 0;
}

/** The JSON Lines shape of lab-format.md, plus warnings, reply traces and drop explanations. */
function toJson(r: LabReport): unknown {
  return {
    file: r.file,
    valid: r.valid,
    ...(r.problems ? { problems: r.problems } : {}),
    ...(r.warnings ? { warnings: r.warnings } : {}),
    steps: r.steps.map((s) => ({
      index: s.index,
      kind: s.kind,
      ok: s.ok,
      summary: s.summary,
      ...(s.trace ? { trace: s.trace } : {}),
      ...(s.replyTrace ? { replyTrace: s.replyTrace } : {}),
      ...(s.error ? { error: s.error } : {}),
      ...(s.mismatches ? { mismatches: s.mismatches } : {}),
      ...(s.drop ? { drop: s.drop } : {}),
    })),
    passed: r.passed,
    failed: r.failed,
  };
}

process.exitCode = main(process.argv.slice(2));
