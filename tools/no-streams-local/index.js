// Only `prisma dev` loads @prisma/streams-local, and Underlay never runs it (package.json overrides).
export function startLocalDurableStreamsServer() {
  throw new Error('prisma dev is not used by Underlay');
}
