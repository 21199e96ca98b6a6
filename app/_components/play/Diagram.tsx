'use client';
import { Background, Controls, ReactFlow } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo } from 'react';
import { buildGraph, markNodes } from './graph';

/**
 * The network as a diagram; the resources of the current trace hop are highlighted. A click, or
 * Tab to a node and Enter, opens it in the inspector.
 */
export function Diagram({
  topology,
  highlight,
  onSelect,
  marks,
}: {
  topology: Record<string, unknown>;
  highlight: ReadonlySet<string>;
  onSelect: (id: string) => void;
  marks?: ReadonlyMap<string, string>;
}) {
  const { nodes, edges } = useMemo(() => {
    const g = buildGraph(topology, highlight);
    return marks && marks.size > 0 ? { ...g, nodes: markNodes(g.nodes, marks) } : g;
  }, [topology, highlight, marks]);
  return (
    <div
      className="panel"
      style={{ height: '100%', padding: 0 }}
      data-testid="diagram"
      aria-label="Network diagram"
      onKeyDown={(e) => {
        // nodes take focus with Tab (xyflow); Enter or Space opens the focused one in the inspector
        const node = (e.target as HTMLElement).closest('.react-flow__node');
        const id = node?.getAttribute('data-id');
        if (id && (e.key === 'Enter' || e.key === ' ')) onSelect(id.replace(/:label$/, ''));
      }}
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        fitView
        onNodeClick={(_e, n) => onSelect(n.id.replace(/:label$/, ''))}
        nodesConnectable={false}
        colorMode="dark"
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
