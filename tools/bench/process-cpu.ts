import { readdirSync, readFileSync } from 'node:fs';

/** The unit of the CPU times in /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses). */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined; // gone, or not on Linux
  }
}

/** A process and its children, e.g. a PostgreSQL server's postmaster and its backends. */
function processTree(pid: number): number[] {
  const children = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((child) => Number(statFields(child)?.[1]) === pid);
  return [pid, ...children];
}

/** CPU seconds (user and system) each process has used so far; processes that are gone are left out. */
function cpuSeconds(pids: readonly number[]): Map<number, number> {
  const used = new Map<number, number>();
  for (const pid of pids) {
    const fields = statFields(pid);
    // utime and stime are the 14th and 15th fields of the whole line, the 12th and 13th after the name.
    if (fields) used.set(pid, (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND);
  }
  return used;
}

/**
 * Meters the CPU seconds a changing set of processes (`pids()`, e.g. a database server whose
 * connections come and go) uses from now until `stop`: read every 500 ms, a process that starts
 * meanwhile counted from its start, one that ends up to its last reading.
 */
function meterCpu(pids: () => number[]): { stop(): number } {
  let last = cpuSeconds(pids());
  let total = 0;
  const read = () => {
    const now = cpuSeconds(pids());
    for (const [pid, seconds] of now) total += seconds - (last.get(pid) ?? 0);
    last = now;
  };
  const timer = setInterval(read, 500);
  timer.unref(); // a benchmark that fails before `stop` still exits
  return {
    stop: () => {
      clearInterval(timer);
      read();
      return total;
    },
  };
}

/** What the benchmarks print for the server's CPU when it runs elsewhere (DATABASE_URL). */
export const SERVER_NOT_METERED = 'not measured (DATABASE_URL’s server)';

/**
 * Meters one process and, when given (the embedded server, on this machine), a database server's
 * postmaster and its children until `stop`, which gives the CPU seconds of each.
 */
export function meterProcessAndServer(pid: number, serverPid: number | undefined): { stop(): { process: number; server?: number } } {
  const own = meterCpu(() => [pid]);
  const server = serverPid === undefined ? undefined : meterCpu(() => processTree(serverPid));
  return { stop: () => ({ process: own.stop(), server: server?.stop() }) };
}
