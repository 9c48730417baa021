// Whether a process exists, by PID (signal 0 sends nothing): for suites that stop processes they started.

/** @returns true while a process with this PID exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
