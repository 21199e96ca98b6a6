import { parseIp } from '../net/ipv4';
import type { Problem } from '../model/problems';
import { kindName, kindOf, prefixOf, type ResourceKind } from '../model/ids';
import type { Topology } from '../model/topology';
import type { Network } from './network';

/** Where a resource was declared, for messages that point back at the YAML. */
/** Kinds whose ids are free-form (no AWS prefix): hosts outside AWS and on-premises routers. */
export type FreeKind = 'external-host' | 'on-premises-router';

export interface Declared {
  kind: ResourceKind | FreeKind;
  path: string;
}

const freeName = (k: ResourceKind | FreeKind) =>
  k === 'external-host' ? 'external host' : k === 'on-premises-router' ? 'on-premises router' : kindName(k);

/**
 * Shared state of one build: the network under construction, the ids declared so far and
 * the problems found. Every check adds a problem and carries on, so a learner sees all of
 * them at once (STYLE.md, example 8).
 */
export class BuildContext {
  readonly problems: Problem[] = [];
  readonly declared = new Map<string, Declared>();

  constructor(
    readonly topology: Topology,
    readonly network: Network,
  ) {}

  private asked?: Set<number>;

  /**
   * Every private address the topology asks for by name (ENIs' primary and secondary addresses,
   * NAT gateways'): an address picked for a resource that names none is never one of them, so
   * the order resources are built in cannot hand a named address to another.
   */
  askedAddresses(): ReadonlySet<number> {
    if (!this.asked) {
      const t = this.topology;
      const texts = [
        ...[...t.instances.flatMap((i) => i.interfaces), ...t.networkInterfaces].flatMap((n) => [
          n.privateIp,
          ...n.secondaryIps,
        ]),
        ...t.natGateways.map((n) => n.privateIp),
      ];
      this.asked = new Set(texts.map((x) => (x === undefined ? undefined : parseIp(x))).filter((x) => x !== undefined));
    }
    return this.asked;
  }

  problem(path: string, message: string, code?: string): void {
    this.problems.push(code ? { path, code, message } : { path, message });
  }

  /** Registers an id, checking that it is unique and that its prefix fits its kind. */
  declare(id: string, kind: Declared['kind'], path: string): boolean {
    const previous = this.declared.get(id);
    if (previous) {
      this.problem(`${path}.id`, `duplicate id "${id}" (already used at ${previous.path})`);
      return false;
    }
    if (kind !== 'external-host' && kind !== 'on-premises-router' && kindOf(id) !== kind) {
      this.problem(`${path}.id`, `"${id}" is not a ${kindName(kind)} id (they start with "${prefixOf(kind)}")`);
      return false;
    }
    if (kind === 'external-host' && id === 'internet') {
      this.problem(`${path}.id`, '"internet" is reserved (any address on the internet)');
      return false;
    }
    this.declared.set(id, { kind, path });
    return true;
  }

  /**
   * Checks a reference names a declared resource of one of the expected kinds; reports
   * `unknown resource "igw-9"` or `"subnet-a" is a subnet, expected an internet gateway`.
   */
  ref(id: string, kinds: ReadonlyArray<ResourceKind | FreeKind>, path: string): boolean {
    const found = this.declared.get(id);
    if (!found) {
      this.problem(path, `unknown resource "${id}"`);
      return false;
    }
    if (!kinds.includes(found.kind)) {
      const want = kinds.map(freeName).join(' or ');
      this.problem(path, `"${id}" is a ${freeName(found.kind)}, expected ${want}`);
      return false;
    }
    return true;
  }
}
