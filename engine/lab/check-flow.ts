import { ipToString, parseIp } from '../net/ipv4';
import type { FlowExpect, FlowResultKind } from '../model/expect';
import type { FlowTrace, PacketTrace } from '../trace/flow';
import type { Ending, Hop } from '../trace/types';

/** The id a trace's ending names: the host it reached, the gateway it left by, or where it died. */
export function endingId(ending: Ending): string {
  if (ending.kind === 'dropped') return ending.drop.at;
  const to = ending.to;
  switch (to.kind) {
    case 'internet':
      return to.gateway;
    case 'service':
      return to.id;
    default:
      return to.id;
  }
}

function hopMatches(hop: Hop, id: string): boolean {
  return hop.resource === id || (hop.components?.includes(id) ?? false);
}

/** Ids that must be crossed in this order, other hops allowed between them. */
function checkVia(hops: Hop[], ids: string[], label: string): string | undefined {
  let at = 0;
  for (const id of ids) {
    while (at < hops.length && !hopMatches(hops[at]!, id)) at++;
    if (at === hops.length) {
      const crossed = hops.some((h) => hopMatches(h, id));
      return crossed
        ? `${label}: ${id} is crossed, but not in the order ${ids.join(', ')}`
        : `${label}: ${id} is not crossed (path: ${pathOf(hops)})`;
    }
    at++;
  }
  return undefined;
}

function checkNotVia(hops: Hop[], ids: string[], label: string): string | undefined {
  const bad = ids.filter((id) => hops.some((h) => hopMatches(h, id)));
  return bad.length > 0 ? `${label}: crosses ${bad.join(', ')}` : undefined;
}

/** The resources a trace crossed, without repeats in a row, for messages. */
export function pathOf(hops: Hop[]): string {
  const ids: string[] = [];
  for (const h of hops) if (ids[ids.length - 1] !== h.resource) ids.push(h.resource);
  return ids.join(' > ');
}

/** `delivered` and `exits` check only the request; the other results are exact (lab-format.md). */
export function resultMatches(expected: FlowResultKind | 'any', trace: FlowTrace): boolean {
  if (expected === 'any') return true;
  const request = trace.request.ending.kind;
  if (expected === 'delivered') return request === 'delivered';
  if (expected === 'exits') return request === 'exits';
  return trace.result === expected;
}

function inRange(port: number, range: { from: number; to: number }): boolean {
  return port >= range.from && port <= range.to;
}

/** Every way a traced flow differs from its expectation; empty when it matches. */
export function checkFlow(e: FlowExpect, trace: FlowTrace): string[] {
  const out: string[] = [];
  const add = (m: string | undefined) => m && out.push(m);
  const req = trace.request;
  const arrived = req.ending.kind !== 'dropped' ? req.ending.packet : undefined;
  if (e.result !== undefined && !resultMatches(e.result, trace))
    out.push(`expected ${e.result}, got ${trace.result}${dropSuffix(trace)}`);
  // a packet the engine cannot follow is not known to be dropped: AWS may well deliver it
  const unknown = [req, trace.reply].find(
    (t) => t?.ending.kind === 'dropped' && t.ending.drop.code === 'ENGINE_NOT_MODELLED',
  );
  if (unknown && unknown.ending.kind === 'dropped' && (e.result === 'dropped' || e.result === 'request-only'))
    out.push(
      `expected ${e.result}, but the engine cannot say what AWS does at ${unknown.ending.drop.at} (ENGINE_NOT_MODELLED): ${unknown.ending.drop.detail}`,
    );
  const seen = (label: string, want: string | undefined, got: number | undefined) => {
    if (want === undefined) return;
    if (got === undefined) out.push(`${label}: expected ${want}, but the request never arrived`);
    else if (parseIp(want) !== got) out.push(`${label}: expected ${want}, got ${ipToString(got)}`);
  };
  seen('seenSource', e.seenSource, arrived?.src);
  seen('seenDestination', e.seenDestination, arrived?.dst);
  if (e.seenSourcePort !== undefined) {
    if (!arrived) out.push('seenSourcePort: the request never arrived');
    else if (!inRange(arrived.srcPort, e.seenSourcePort))
      out.push(`seenSourcePort: expected ${e.seenSourcePort.from}-${e.seenSourcePort.to}, got ${arrived.srcPort}`);
  }
  if (e.via) add(checkVia(req.hops, e.via, 'via'));
  if (e.notVia) add(checkNotVia(req.hops, e.notVia, 'notVia'));
  // For request-only, droppedAt and reason describe the lost reply (lab-format.md).
  const lost: PacketTrace | undefined = e.result === 'request-only' ? trace.reply : req;
  if (e.droppedAt !== undefined || e.reason !== undefined) {
    const ending = lost?.ending;
    if (!ending || ending.kind !== 'dropped')
      out.push(`droppedAt/reason: the ${e.result === 'request-only' ? 'reply' : 'request'} was not dropped`);
    else {
      if (e.droppedAt !== undefined && !ending.drop.within.includes(e.droppedAt))
        out.push(`droppedAt: expected ${e.droppedAt}, dropped at ${ending.drop.within.join(' in ')}`);
      if (e.reason !== undefined && ending.drop.code !== e.reason)
        out.push(`reason: expected ${e.reason}, got ${ending.drop.code}`);
    }
  }
  const reply = trace.reply;
  const needReply = (label: string) => {
    if (!reply) out.push(`${label}: there is no reply`);
    return reply;
  };
  if (e.replyVia && needReply('replyVia')) add(checkVia(reply!.hops, e.replyVia, 'replyVia'));
  if (e.replyNotVia && reply) add(checkNotVia(reply.hops, e.replyNotVia, 'replyNotVia'));
  if (e.replySeenSource !== undefined && needReply('replySeenSource')) {
    const back = reply!.ending.kind !== 'dropped' ? reply!.ending.packet : undefined;
    if (!back) out.push(`replySeenSource: expected ${e.replySeenSource}, but the reply never arrived`);
    else if (parseIp(e.replySeenSource) !== back.src)
      out.push(`replySeenSource: expected ${e.replySeenSource}, got ${ipToString(back.src)}`);
  }
  if (e.replyEndsAt !== undefined && needReply('replyEndsAt')) {
    const end = reply!.ending;
    if (end.kind === 'dropped' || endingId(end) !== e.replyEndsAt)
      out.push(
        `replyEndsAt: expected ${e.replyEndsAt}, the reply ${end.kind === 'dropped' ? `was dropped at ${end.drop.at}` : `ended at ${endingId(end)}`}`,
      );
  }
  const captured = (label: string, hosts: string[] | undefined, seenBy: string[] | undefined, want: boolean) => {
    if (!hosts) return;
    const bad = hosts.filter((h) => (seenBy ?? []).includes(h) !== want);
    if (bad.length > 0) out.push(`${label}: ${bad.join(', ')} ${want ? 'did not see' : 'saw'} the packet`);
  };
  captured('capturedBy', e.capturedBy, req.captured, true);
  captured('notCapturedBy', e.notCapturedBy, req.captured, false);
  if (e.replyCapturedBy && needReply('replyCapturedBy'))
    captured('replyCapturedBy', e.replyCapturedBy, reply!.captured, true);
  return out;
}

function dropSuffix(trace: FlowTrace): string {
  const lost = trace.request.ending.kind === 'dropped' ? trace.request.ending : trace.reply?.ending;
  if (!lost || lost.kind !== 'dropped') return '';
  return ` (${trace.request.ending.kind === 'dropped' ? '' : 'reply '}${lost.drop.code} at ${lost.drop.at})`;
}
