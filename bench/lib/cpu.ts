import { readdirSync, readFileSync } from 'node:fs'

/** Busy and total jiffies of one CPU, from /proc/stat. */
export function cpuTimes(cpu: number): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`cpu${cpu} `))!
  const fields = line.trim().split(/\s+/).slice(1).map(Number)
  const idle = fields[3]! + fields[4]!
  const total = fields.reduce((a, b) => a + b, 0)
  return { busy: total - idle, total }
}

/** User and system jiffies of a process and all its threads. */
export function processJiffies(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return { user: Number(fields[11]), system: Number(fields[12]) }
}

/** How many times the threads of a process have blocked (voluntary context switches). */
export function voluntarySwitches(pid: number): number {
  let total = 0
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const status = readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8')
    total += Number(/^voluntary_ctxt_switches:\s+(\d+)/m.exec(status)?.[1] ?? 0)
  }
  return total
}

export const JIFFIES_PER_SECOND = 100
