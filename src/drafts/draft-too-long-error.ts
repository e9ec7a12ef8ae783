/**
 * Thrown when not even the bare minimum of a post (the template's fixed text and the URL,
 * without title, summary or hashtags) fits the network's limit. Retrying cannot help, so
 * callers should treat it as a permanent failure for that network and report the numbers.
 */
export class DraftTooLongError extends Error {
  override readonly name = 'DraftTooLongError';

  constructor(
    /** Length of the shortest possible draft, by the network's counter. */
    readonly length: number,
    readonly limit: number,
  ) {
    super(`draft cannot fit: the shortest possible text counts ${length}, the limit is ${limit}`);
  }
}
