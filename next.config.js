// Next.js configuration. The web app (issue 4) is served by server.ts together with socket.io;
// until then this only fixes the choices the app will rely on.
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  serverExternalPackages: ['@electric-sql/pglite', '@prisma/client', 'pg'],
};

export default nextConfig;
