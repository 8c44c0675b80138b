/**
 * The caller's address, the key of per-address limits. By default the socket's peer; behind
 * `trustedHops` proxies (load balancers) that each append the address they received from to
 * `X-Forwarded-For`, the entry the outermost trusted proxy wrote. Entries further left are
 * whatever the client claimed and are never used (security.md §3 B45, E100).
 */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | null | undefined,
  trustedHops: number,
): string | undefined {
  if (trustedHops <= 0 || !forwardedFor) return socketAddress
  const chain = forwardedFor
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
  if (chain.length === 0) return socketAddress
  return chain[Math.max(0, chain.length - trustedHops)]
}
