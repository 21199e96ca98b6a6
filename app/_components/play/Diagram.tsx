'use client';
import { Background, Controls, ReactFlow } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo } from 'react';
import { buildGraph } from './graph';

/**
 * The network as a diagram; the resources of the current trace hop are highlighted. A click, or
 * Tab to a node and Enter (xyflow's keyboard selection), opens it in the inspector.
 */
export function Diagram({ topology, highlight, onSelect }: { topology: Record<string, unknown>; highlight: ReadonlySet<string>; onSelect: (id: string) => void }) {
  const { nodes, edges } = useMemo(() => buildGraph(topology, highlight), [topology, highlight]);
  return (
    <div className="panel" style={{ height: '100%', padding: 0 }} data-testid="diagram" aria-label="Network diagram">
      <ReactFlow nodes={nodes} edges={edges} fitView onNodeClick={(_e, n) => onSelect(n.id.replace(/:label$/, ''))} onSelectionChange={({ nodes: picked }) => { if (picked.length === 1) onSelect(picked[0]!.id); }} nodesConnectable={false} colorMode="dark" proOptions={{ hideAttribution: true }}>
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
