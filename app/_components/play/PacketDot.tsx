'use client';
import { useInternalNode, ViewportPortal } from '@xyflow/react';
import { useEffect, useRef } from 'react';

/**
 * The packet of the trace being stepped, drawn on the diagram: it glides to the node of the
 * current hop (a CSS transition between the two centres) and turns into a red cross where it was
 * dropped. With reduced motion it jumps.
 */
export function PacketDot({ at, dropped }: { at?: string; dropped: boolean }) {
  const node = useInternalNode(at ?? '');
  const last = useRef<{ x: number; y: number }>(undefined);
  const here =
    node && node.measured.width !== undefined && node.measured.height !== undefined
      ? {
          x: node.internals.positionAbsolute.x + node.measured.width / 2,
          y: node.internals.positionAbsolute.y + node.measured.height / 2,
        }
      : last.current;
  useEffect(() => {
    if (here) last.current = here;
  });
  if (!here) return null;
  return (
    <ViewportPortal>
      <div
        className={`packet-dot${dropped ? ' dropped' : ''}`}
        data-testid="packet-dot"
        data-at={at}
        data-dropped={dropped}
        aria-hidden="true"
        style={{ transform: `translate(${here.x}px, ${here.y}px) translate(-50%, -50%)` }}
      >
        {dropped ? '✖' : ''}
      </div>
    </ViewportPortal>
  );
}
