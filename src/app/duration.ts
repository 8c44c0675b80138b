/**
 * Durations in the definition: a number of seconds, or `"<n> <unit>"` as SST writes them
 * (`"10 seconds"`, `"1 hour"`, `"30 days"`).
 */
export type Duration = number | `${number} ${DurationUnit}`
type DurationUnit = 'second' | 'seconds' | 'minute' | 'minutes' | 'hour' | 'hours' | 'day' | 'days'

const UNIT_SECONDS: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86400 }
export const DURATION_PATTERN = /^(\d+(?:\.\d+)?) (second|minute|hour|day)s?$/

export function toSeconds(duration: Duration): number {
  if (typeof duration === 'number') return duration
  const match = DURATION_PATTERN.exec(duration)
  if (!match) throw new Error(`not a duration: ${duration}`)
  return Number(match[1]) * UNIT_SECONDS[match[2]!]!
}
