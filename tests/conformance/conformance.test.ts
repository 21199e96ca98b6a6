import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatLabReport } from '../../engine/index';
import { runLabFile } from '../../bin/lab-files';

/** The public suites live beside the checkout, never inside it (third-party data). */
const shared = process.env.UNDERLAY_SHARED ?? path.resolve(import.meta.dirname, '../../../shared');
const suites = ['scenarios', 'batfish'].map((s) => path.join(shared, 'conformance', s));
const present = suites.every((s) => existsSync(s));

const labs = present
  ? suites.flatMap((dir) =>
      readdirSync(dir)
        .filter((f) => f.endsWith('.yaml'))
        .sort()
        .map((f) => ({ suite: path.basename(dir), file: f, full: path.join(dir, f) })),
    )
  : [];

describe.runIf(present)('public conformance labs (../shared/conformance)', () => {
  it('finds the suites', () => {
    expect(labs.length).toBeGreaterThan(50);
  });

  // every public lab runs in full: none is deferred
  for (const lab of labs) {
    it(`${lab.suite}/${lab.file} passes every step`, () => {
      const report = runLabFile(lab.full);
      const text = formatLabReport(report);
      expect(report.valid, text).toBe(true);
      expect(report.failed, text).toBe(0);
      expect(report.passed, text).toBeGreaterThan(0);
    });
  }
});
