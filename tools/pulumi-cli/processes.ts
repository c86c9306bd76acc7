/**
 * The processes a test started, found by id: a process and all its descendants, read from /proc (Linux). A test
 * that kills a CLI the way a CI runner would must end the plugins it started too — some run outside the CLI's
 * process group — and never anything else (no pattern matching).
 */
import * as fs from 'fs';

/** The parent id of each running process. */
function parents(): Map<number, number> {
  const result = new Map<number, number>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      result.set(Number(name), ppid);
    } catch {
      // gone meanwhile
    }
  }
  return result;
}

/** `pid` and every process below it, parents first. */
export function processTree(pid: number): number[] {
  const byParent = new Map<number, number[]>();
  for (const [child, parent] of parents()) byParent.set(parent, [...(byParent.get(parent) ?? []), child]);
  const tree: number[] = [];
  const visit = (id: number) => {
    tree.push(id);
    for (const child of byParent.get(id) ?? []) visit(child);
  };
  visit(pid);
  return tree;
}

/** Sends `signal` to each process of the list that still runs. */
export function killAll(pids: number[], signal: NodeJS.Signals = 'SIGKILL'): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}
