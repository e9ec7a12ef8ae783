/**
 * Test fakes listen on 127.0.0.1, which the SSRF-safe fetch refuses. This is the one way to let
 * a test reach them, and it is built so production cannot open it: it works only inside the
 * Vitest runner (which sets VITEST=true in its workers), never from a config file or a setting,
 * and only for the exact origins a test names. A redirect from an allowed origin to any other
 * address still meets the full policy, which is how tests prove that redirects into loopback fail.
 */

const allowedOrigins = new Set<string>();

export function inTestRunner(): boolean {
  // eslint-disable-next-line no-restricted-syntax -- the test runner's own marker, deliberately not a config value
  return process.env.VITEST === 'true';
}

/**
 * Lets the SSRF-safe fetch reach `url`'s origin although it is on a private address. Throws
 * outside the test runner. Returns the function that withdraws the allowance.
 */
export function allowPrivateOriginForTests(url: string): () => void {
  if (!inTestRunner()) throw new Error('allowPrivateOriginForTests works only inside the test runner');
  const origin = new URL(url).origin;
  allowedOrigins.add(origin);
  return () => void allowedOrigins.delete(origin);
}

export function isTestAllowedOrigin(origin: string): boolean {
  return allowedOrigins.has(origin) && inTestRunner();
}
