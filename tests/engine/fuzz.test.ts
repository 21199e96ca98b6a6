import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { rng } from '../seeded';
import { loadLab, parseLabObject, parseLabText, runLab, type LabReport } from '../../engine/index';

const root = path.resolve(import.meta.dirname, '../..');
const seeds = ['examples/where-is-my-public-ip.yaml', 'examples/private-subnet-nat.yaml'].map(
  (f) => parse(readFileSync(path.join(root, f), 'utf8')) as unknown,
);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)]!;
}

const ODD_VALUES: Json[] = [
  null,
  0,
  -1,
  65536,
  1.5,
  '',
  ' ',
  'x',
  '10.0.0.0/8',
  '10.0.1.0/33',
  '300.1.1.1',
  '0.0.0.0/0',
  '255.255.255.255',
  'igw-1',
  'eni-a',
  'i-a',
  'sg-b',
  'blackhole',
  'local',
  'tcp',
  'all',
  '1024-65535',
  '65535-1',
  [],
  {},
  [null],
  { id: 'x' },
  true,
  'subnet-pub',
  'vpc-lab',
  'a'.repeat(300),
];

/** Every path to a value inside a JSON tree. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function mutate(value: Json, r: () => number): Json {
  const copy = structuredClone(value) as Json;
  const rounds = 1 + Math.floor(r() * 4);
  for (let k = 0; k < rounds; k++) {
    const all = paths(copy).filter((p) => p.length > 0);
    const target = pick(r, all);
    const parentPath = target.slice(0, -1);
    let parent: Json = copy;
    for (const step of parentPath) parent = (parent as Record<string | number, Json>)[step]!;
    const key = target.at(-1)!;
    const container = parent as Record<string | number, Json>;
    const action = r();
    if (action < 0.35) container[key] = pick(r, ODD_VALUES);
    else if (action < 0.55 && Array.isArray(parent)) parent.splice(key as number, 1);
    else if (action < 0.7 && !Array.isArray(parent)) delete container[key];
    else if (action < 0.85 && Array.isArray(parent)) parent.push(structuredClone(parent[key as number]!));
    else {
      // swap in a value from elsewhere in the lab: ids, CIDRs and addresses that exist
      const donor = pick(r, all);
      let v: Json = copy;
      for (const step of donor) v = (v as Record<string | number, Json>)?.[step] ?? null;
      container[key] = structuredClone(v);
    }
  }
  return copy;
}

/** Runs a lab object through every stage; returns what happened, never throws past here. */
function exercise(raw: unknown): { stage: 'parse' | 'load' | 'run'; problems: number; report?: LabReport } {
  const parsed = parseLabObject(raw);
  if (!parsed.ok) return { stage: 'parse', problems: parsed.problems.length };
  const loaded = loadLab(parsed.lab);
  if (!loaded.ok) return { stage: 'load', problems: loaded.problems.length };
  return { stage: 'run', problems: 0, report: runLab(loaded.loaded, 'fuzz.yaml') };
}

describe('fuzz: random and mutated labs never make the engine throw or hang', () => {
  it('survives 600 mutations of the example labs, and explains every invalid one', () => {
    const r = rng(20261122);
    const stages = { parse: 0, load: 0, run: 0 };
    for (let i = 0; i < 600; i++) {
      const lab = mutate(pick(r, seeds) as Json, r);
      let outcome: ReturnType<typeof exercise>;
      try {
        outcome = exercise(lab);
      } catch (e) {
        throw new Error(`case ${i} threw ${(e as Error).stack}\n${JSON.stringify(lab)}`);
      }
      stages[outcome.stage]++;
      if (outcome.stage !== 'run')
        expect(outcome.problems, `case ${i}: an invalid lab must say why`).toBeGreaterThan(0);
      else for (const step of outcome.report!.steps) expect(typeof step.summary).toBe('string');
    }
    // the mutations reach every stage, so each is exercised
    expect(stages.parse).toBeGreaterThan(30);
    expect(stages.load).toBeGreaterThan(30);
    expect(stages.run).toBeGreaterThan(30);
  });

  it('survives random YAML text and random values at the top', () => {
    const r = rng(7);
    const alphabet = 'abc:-{}[],\n "\'#&*!|>%@`0123456789./';
    for (let i = 0; i < 300; i++) {
      const len = Math.floor(r() * 200);
      let text = '';
      for (let k = 0; k < len; k++) text += alphabet[Math.floor(r() * alphabet.length)];
      const out = parseLabText(text);
      expect(out.ok).toBe(false);
      if (!out.ok) expect(out.problems.length).toBeGreaterThan(0);
    }
    for (const value of ODD_VALUES) expect(exercise(value).stage).toBe('parse');
  });

  it('traces random flows through random routing, loops included, to an ending', () => {
    const r = rng(99);
    for (let i = 0; i < 120; i++) {
      const n = 2 + Math.floor(r() * 4);
      const subnets = Array.from({ length: n }, (_, k) => ({
        id: `subnet-${k}`,
        vpc: 'vpc-1',
        cidr: `10.0.${k}.0/24`,
      }));
      const instances = Array.from({ length: n }, (_, k) => ({
        id: `i-${k}`,
        interfaces: [
          {
            id: `eni-${k}`,
            subnet: `subnet-${k}`,
            privateIp: `10.0.${k}.10`,
            ...(r() < 0.5 ? { publicIp: `198.51.100.${k + 1}` } : {}),
            sourceDestCheck: r() < 0.5,
            securityGroups: ['sg-open'],
          },
        ],
        os: {
          ipForward: r() < 0.7,
          ...(r() < 0.3 ? { nat: { masquerade: 'eth0' } } : {}),
          ...(r() < 0.3 ? { firewall: 'stateful' } : {}),
          listen: ['tcp/443'],
        },
      }));
      const targets = ['igw-1', 'nat-1', 'blackhole', ...instances.map((x) => x.interfaces[0]!.id)];
      const routeTables = subnets.map((s, k) => ({
        id: `rtb-${k}`,
        vpc: 'vpc-1',
        subnets: [s.id],
        routes: [
          { destination: '0.0.0.0/0', target: pick(r, targets) },
          ...(r() < 0.5
            ? [{ destination: subnets[(k + 1) % n]!.cidr, target: pick(r, instances).interfaces[0]!.id }]
            : []),
        ],
      }));
      const lab = {
        title: `random ${i}`,
        topology: {
          vpcs: [{ id: 'vpc-1', cidr: '10.0.0.0/16' }],
          subnets,
          internetGateways: [{ id: 'igw-1', vpc: 'vpc-1' }],
          natGateways: [{ id: 'nat-1', subnet: 'subnet-0', privateIp: '10.0.0.100', publicIp: '198.51.100.200' }],
          securityGroups: [{ id: 'sg-open', vpc: 'vpc-1', inbound: [{ protocol: 'all', source: '0.0.0.0/0' }] }],
          instances,
          routeTables,
          externalHosts: [{ id: 'ext', ip: '203.0.113.9', listen: ['tcp/443'] }],
        },
        steps: Array.from({ length: 8 }, () => ({
          expect: {
            from: pick(r, [
              'internet',
              'ext',
              'igw-1',
              'nat-1',
              ...subnets.map((s) => s.id),
              ...instances.map((x) => x.id),
            ]),
            to: pick(r, [
              'ext',
              '8.8.8.8',
              '198.51.100.1',
              '198.51.100.200',
              '10.0.0.10',
              '10.0.1.10',
              '10.0.9.9',
              '10.0.0.100',
            ]),
            protocol: pick(r, ['icmp', 'tcp', 'udp', 47]),
            port: 443,
            result: 'roundtrip',
          },
        })),
      };
      const outcome = exercise(lab);
      expect(outcome.stage, JSON.stringify(lab)).toBe('run');
      for (const step of outcome.report!.steps) {
        const last = step.trace?.at(-1);
        expect(step.trace && step.trace.length, step.summary).toBeLessThan(600);
        expect(last?.resource ?? step.error, step.summary).toBeTruthy();
      }
    }
  });
});
