import { readFileSync } from 'node:fs'

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

/** User + system jiffies of a process and all its threads. */
export function processJiffies(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return Number(fields[11]) + Number(fields[12])
}

export const JIFFIES_PER_SECOND = 100
