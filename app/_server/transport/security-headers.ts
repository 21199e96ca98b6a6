/**
 * The headers every response carries (pages and API): no sniffing, no framing by other sites,
 * no referrer to other sites, a window of its own, no camera or microphone, and HTTPS only once
 * served over HTTPS. The pages' Content-Security-Policy is `contentSecurityPolicy`.
 */
export function securityHeaders(secure: boolean): Record<string, string> {
  return {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    ...(secure ? { 'strict-transport-security': 'max-age=31536000' } : {}),
  };
}

/**
 * A page's Content-Security-Policy: its scripts are the server's own, and the inline ones
 * Next.js writes carry this response's nonce (Next reads it from the request's policy); styles
 * may be inline (the diagram positions its nodes with style attributes); connections go back
 * to this server only (socket.io). In development, React's tools need eval.
 */
export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
