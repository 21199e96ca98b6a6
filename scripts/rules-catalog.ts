/**
 * Writes app/_server/rules/rules.json from the behaviour spec (../shared/spec/vpc-semantics.md):
 * every rule (R1…) and engine assumption (A1…) the traces cite, with its topic, provenance and
 * the AWS documentation it rests on. The app's /rules pages show it; a test keeps it equal to
 * the spec whenever ../shared is beside the checkout.
 *
 *   npx tsx scripts/rules-catalog.ts [--check]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { rulesFromSpec } from '../app/_server/rules/rules-from-spec';

const root = path.resolve(import.meta.dirname, '..');
const spec = path.resolve(process.env.UNDERLAY_SHARED ?? path.join(root, '../shared'), 'spec/vpc-semantics.md');
const out = path.join(root, 'app/_server/rules/rules.json');
const json = `${JSON.stringify(rulesFromSpec(readFileSync(spec, 'utf8')), null, 1)}\n`;
if (process.argv.includes('--check')) {
  if (readFileSync(out, 'utf8') !== json) {
    console.error(`${out} differs from ${spec}: run npx tsx scripts/rules-catalog.ts`);
    process.exit(1);
  }
  console.log('rules.json matches the spec');
} else {
  writeFileSync(out, json);
  console.log(`wrote ${out}`);
}
