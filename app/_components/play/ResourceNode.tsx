'use client';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { laneX, type ResourceKind } from './graph';

/** Icons drawn for Underlay, one per resource kind, in the spirit of AWS architecture diagrams. */
function Icon({ kind }: { kind: ResourceKind }) {
  const common = { width: 22, height: 22, viewBox: '0 0 24 24', 'aria-hidden': true, className: 'node-icon' } as const;
  switch (kind) {
    case 'instance':
      // a chip: the EC2 instance
      return (
        <svg {...common}>
          <rect x="5" y="5" width="14" height="14" rx="2" fill="#ed7100" />
          <rect x="9" y="9" width="6" height="6" fill="#fff" />
          {[7, 12, 17].map((p) => (
            <g key={p} stroke="#ed7100" strokeWidth="1.6">
              <line x1={p} y1="1.5" x2={p} y2="5" />
              <line x1={p} y1="19" x2={p} y2="22.5" />
              <line x1="1.5" y1={p} x2="5" y2={p} />
              <line x1="19" y1={p} x2="22.5" y2={p} />
            </g>
          ))}
        </svg>
      );
    case 'igw':
      // a gateway arch with traffic through it
      return (
        <svg {...common}>
          <rect x="1" y="1" width="22" height="22" rx="4" fill="#8c4fff" />
          <path d="M6 19V10a6 6 0 0 1 12 0v9" stroke="#fff" strokeWidth="2" fill="none" />
          <path d="M12 7v12M9 16l3 3 3-3" stroke="#fff" strokeWidth="1.6" fill="none" />
        </svg>
      );
    case 'nat':
      // two arrows crossing: addresses translated
      return (
        <svg {...common}>
          <rect x="1" y="1" width="22" height="22" rx="4" fill="#8c4fff" />
          <path d="M5 9h12l-3-3M19 15H7l3 3" stroke="#fff" strokeWidth="2" fill="none" />
        </svg>
      );
    case 'eni':
      // a network card
      return (
        <svg {...common}>
          <rect x="2" y="6" width="20" height="12" rx="2" fill="#7aa116" />
          <path d="M6 18v3M10 18v3M14 18v3M18 18v3" stroke="#7aa116" strokeWidth="1.6" />
          <rect x="6" y="9" width="5" height="5" fill="#fff" />
        </svg>
      );
    case 'pcx':
      // two rings linked: a peering connection between two VPCs
      return (
        <svg {...common}>
          <rect x="1" y="1" width="22" height="22" rx="4" fill="#8c4fff" />
          <circle cx="9" cy="12" r="4.5" stroke="#fff" strokeWidth="2" fill="none" />
          <circle cx="15" cy="12" r="4.5" stroke="#fff" strokeWidth="2" fill="none" />
        </svg>
      );
    case 'tgw':
      // a hub with spokes: a transit gateway routing between attachments
      return (
        <svg {...common}>
          <rect x="1" y="1" width="22" height="22" rx="4" fill="#8c4fff" />
          <circle cx="12" cy="12" r="3" fill="#fff" />
          <path d="M12 4v5M12 15v5M4 12h5M15 12h5" stroke="#fff" strokeWidth="2" />
        </svg>
      );
    case 'tgw-rtb':
      // a table: a transit gateway's route table
      return (
        <svg {...common}>
          <rect x="1" y="1" width="22" height="22" rx="4" fill="#8c4fff" />
          <path d="M5 7h14M5 12h14M5 17h14M10 5v14" stroke="#fff" strokeWidth="1.6" />
        </svg>
      );
    case 'vpce':
      // a keyhole: a private way to a service
      return (
        <svg {...common}>
          <rect x="1" y="1" width="22" height="22" rx="4" fill="#8c4fff" />
          <circle cx="12" cy="9" r="3.5" fill="#fff" />
          <path d="M10.5 11h3l1 7h-5z" fill="#fff" />
        </svg>
      );
    case 'lb':
      // one line fanning out to three: a load balancer spreading flows over targets
      return (
        <svg {...common}>
          <rect x="1" y="1" width="22" height="22" rx="4" fill="#8c4fff" />
          <circle cx="6" cy="12" r="2.5" fill="#fff" />
          <path d="M8 12h3M11 12l7-6M11 12h7M11 12l7 6" stroke="#fff" strokeWidth="1.8" fill="none" />
        </svg>
      );
    case 'vpn':
      // a padlock: an encrypted tunnel to a site
      return (
        <svg {...common}>
          <rect x="1" y="1" width="22" height="22" rx="4" fill="#8c4fff" />
          <path d="M8.5 11V8.5a3.5 3.5 0 0 1 7 0V11" stroke="#fff" strokeWidth="2" fill="none" />
          <rect x="6.5" y="11" width="11" height="8" rx="1.5" fill="#fff" />
        </svg>
      );
    case 'vgw':
      // a gateway with a padlock beside it: where the VPC's VPN connections end
      return (
        <svg {...common}>
          <rect x="1" y="1" width="22" height="22" rx="4" fill="#8c4fff" />
          <path d="M5 18V9l5-4 5 4v9" stroke="#fff" strokeWidth="1.8" fill="none" />
          <rect x="13.5" y="12.5" width="6.5" height="5.5" rx="1" fill="#fff" />
          <path d="M15 12.5v-1.5a1.75 1.75 0 0 1 3.5 0v1.5" stroke="#fff" strokeWidth="1.3" fill="none" />
        </svg>
      );
    case 'rs':
    case 'rse':
      // routes fanning out from one point: a route server and its endpoints
      return (
        <svg {...common}>
          <rect x="1" y="1" width="22" height="22" rx="4" fill="#8c4fff" />
          <circle cx="7" cy="12" r="2.5" fill="#fff" />
          <path d="M9 12l8-6M9 12h8M9 12l8 6" stroke="#fff" strokeWidth="1.8" fill="none" />
          {kind === 'rse' && <rect x="15" y="15" width="6" height="6" fill="#fff" />}
        </svg>
      );
    case 'router':
      // a router: a disc with arrows in and out, the customer's side of the VPN
      return (
        <svg {...common}>
          <circle cx="12" cy="12" r="10.5" fill="#5a6b86" />
          <path d="M6 9h9l-2.5-2.5M18 15H9l2.5 2.5" stroke="#fff" strokeWidth="1.8" fill="none" />
        </svg>
      );
    case 'external':
      // a host on the internet: a globe
      return (
        <svg {...common}>
          <circle cx="12" cy="12" r="10" fill="#5a6b86" />
          <path d="M2 12h20M12 2c3 3 3 17 0 20M12 2c-3 3-3 17 0 20" stroke="#fff" strokeWidth="1.4" fill="none" />
        </svg>
      );
  }
}

/** A resource on the diagram: its icon, its lines of text, and the points lines attach to. */
export function ResourceNode({ data }: NodeProps) {
  const d = data as { label: string; kind: ResourceKind; lanes?: number; lanesAt?: 'source' | 'target' };
  // a VPN's tunnels attach side by side (graph.ts declares the same points)
  const lanes = Array.from({ length: d.lanes ?? 0 }, (_, k) => (
    <Handle
      key={k}
      id={`lane-${k + 1}`}
      type={d.lanesAt ?? 'target'}
      position={d.lanesAt === 'source' ? Position.Bottom : Position.Top}
      style={{ left: `${laneX(100, k, d.lanes!).toFixed(1)}%` }}
    />
  ));
  return (
    <>
      <Handle type="target" position={Position.Top} />
      <div className="resource-node">
        <Icon kind={d.kind} />
        <span className="resource-text">{d.label}</span>
      </div>
      <Handle type="source" position={Position.Bottom} />
      {lanes}
    </>
  );
}
