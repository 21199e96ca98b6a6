import type { Topology } from '../../model/topology';
import { OWNER } from './describe-items';

/**
 * The account the lab's resources belong to: its VPCs' (an import keeps the snapshot's
 * `OwnerId`), else the simulator's own, 123456789012. Every answer the CLI prints speaks of it.
 */
export function labAccount(t: Pick<Topology, 'vpcs'>): string {
  return t.vpcs.find((v) => v.account !== undefined)?.account ?? OWNER;
}

/** An answer with the simulator's account spelled as the lab's, wherever it appears. */
export function inAccount<T>(value: T, account: string): T {
  if (account === OWNER) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v.includes(OWNER) ? v.split(OWNER).join(account) : v;
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/** A command's words with the lab's account spelled as the simulator's, for the operations to read. */
export function fromAccount(words: string[], account: string): string[] {
  return account === OWNER ? words : words.map((w) => w.split(account).join(OWNER));
}
