/** CPU milliseconds (user + system) this process spends in `run`: unlike wall time, other load on the machine barely moves it. */
export function cpuMs(run: () => unknown): number {
  const before = process.cpuUsage();
  run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}
