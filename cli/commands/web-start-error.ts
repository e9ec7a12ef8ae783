/**
 * `crier web` alone could not listen: the CLI prints it and exits 1 (never a process left hanging).
 * Its own module so the CLI can recognise it without loading the serve command (and its publishers).
 */
export class WebStartError extends Error {
  constructor(message: string, opts?: { cause?: unknown }) {
    super(message, opts);
    this.name = 'WebStartError';
  }
}
