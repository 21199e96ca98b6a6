'use client';
import { Background, Controls, ReactFlow, type NodeChange } from '@xyflow/react';
import { PacketDot } from './PacketDot';
import { ResourceNode } from './ResourceNode';

/** Custom node kinds: stable across renders, as xyflow asks. */
const NODE_TYPES = { resource: ResourceNode };
import '@xyflow/react/dist/style.css';
import { useMemo, useRef } from 'react';
import type { RuntimeView } from '@/engine/lab/runtime-view';
import { buildGraph, markNodes } from './graph';

/**
 * The network as a diagram; the resources of the current trace hop are highlighted, each
 * keepalived member shows its state and whether it holds the VIP, BGP sessions are dashed edges
 * (green when established), a hung or stopped instance is greyed. A click, or Tab to a node and
 * Enter, opens it in the inspector.
 */
export function Diagram({
  topology,
  highlight,
  onSelect,
  marks,
  runtime,
  packet,
}: {
  topology: Record<string, unknown>;
  /** VRRP badges, BGP sessions, hung instances */
  runtime?: Pick<RuntimeView, 'vrrp' | 'bgp' | 'failed'>;
  highlight: ReadonlySet<string>;
  /** a node was chosen, by a click or tap, or by Enter or Space on the focused node */
  onSelect: (id: string, via: 'keyboard' | 'pointer') => void;
  marks?: ReadonlyMap<string, string>;
  /** a trace is being stepped: the packet sits on the highlighted node (and died there, if dropped) */
  packet?: { dropped: boolean };
}) {
  // The nodes are rebuilt whenever the network or its runtime changes (every tick of the clock).
  // xyflow forgets a node's measured size when it gets a new object without one: the sizes it
  // reported are handed back with each node, so fitting the view never waits on a new measure.
  // (Edges do not depend on it: their ends are declared by graph.ts.)
  const measured = useRef(new Map<string, { width: number; height: number }>());
  const narrow = typeof window !== 'undefined' && window.innerWidth <= 800;
  const { nodes, edges } = useMemo(() => {
    const g = buildGraph(topology, highlight, runtime);
    const built = marks && marks.size > 0 ? { ...g, nodes: markNodes(g.nodes, marks) } : g;
    return { ...built, nodes: built.nodes.map((n) => ({ ...n, measured: measured.current.get(n.id) })) };
  }, [topology, highlight, marks, runtime]);
  const onNodesChange = (changes: NodeChange[]) => {
    for (const c of changes)
      if (c.type === 'dimensions' && c.dimensions) measured.current.set(c.id, { ...c.dimensions });
  };
  return (
    <div
      className="panel"
      style={{ height: '100%', padding: 0, position: 'relative' }}
      data-testid="diagram"
      aria-label="Network diagram"
      onKeyDown={(e) => {
        // nodes take focus with Tab (xyflow); Enter or Space opens the focused one in the inspector
        const node = (e.target as HTMLElement).closest('.react-flow__node');
        const id = node?.getAttribute('data-id');
        if (id && (e.key === 'Enter' || e.key === ' ')) {
          e.preventDefault();
          onSelect(id.replace(/:label$/, ''), 'keyboard');
        }
      }}
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        fitView
        // on a wide screen the text stays readable (pan for the rest); a phone sees it all, then pinches
        fitViewOptions={{ padding: 0.04, minZoom: narrow ? 0.1 : 0.7 }}
        minZoom={narrow ? 0.1 : 0.3}
        onNodesChange={onNodesChange}
        onNodeClick={(_e, n) => onSelect(n.id.replace(/:label$/, ''), 'pointer')}
        nodesConnectable={false}
        colorMode="dark"
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        {packet && (
          <PacketDot
            at={nodes.find((n) => highlight.has(n.id) && !n.id.endsWith(':label'))?.id}
            dropped={packet.dropped}
          />
        )}
        <Controls showInteractive={false} />
      </ReactFlow>
      {runtime && (runtime.bgp.length > 0 || runtime.vrrp.length > 0 || runtime.failed.length > 0) && (
        <ul className="diagram-legend" aria-label="Legend">
          {runtime.bgp.length > 0 && (
            <>
              <li>
                <span className="legend-line bgp-up" /> BGP session up
              </li>
              <li>
                <span className="legend-line bgp-down" /> BGP session down
              </li>
            </>
          )}
          <li>
            <span className="legend-box down" /> hung or stopped
          </li>
        </ul>
      )}
    </div>
  );
}
