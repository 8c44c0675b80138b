import { statSync } from 'node:fs'
import { type FSWatcher, watch } from 'chokidar'

/**
 * Watches a growing set of source files and reports changes in batches. Editors save in
 * bursts (truncate + write, or write a temp file + rename): chokidar's `atomic` folds a
 * delete-and-recreate into one change, and the debounce folds a burst into one batch.
 *
 * chokidar drops (does not postpone) a second change of a file within 50 ms of the first,
 * which would leave a half-written file built and the finished one never seen. So each
 * reported file is stat'ed when reported and again after that window; a difference is
 * reported as a new change.
 */
export class SourceWatcher {
  readonly #watcher: FSWatcher
  readonly #onChange: (paths: string[]) => void
  readonly #debounceMs: number
  #watched: Set<string>
  #pending = new Set<string>()
  #timer: NodeJS.Timeout | undefined
  readonly #rechecks = new Set<NodeJS.Timeout>()
  /** mtime and size of each file when it was last reported. */
  readonly #reported = new Map<string, string>()

  private constructor(paths: Set<string>, onChange: (paths: string[]) => void, debounceMs: number) {
    this.#watched = paths
    this.#onChange = onChange
    this.#debounceMs = debounceMs
    this.#watcher = watch([...paths], { ignoreInitial: true, atomic: true })
    const record = (path: string): void => this.#record(path)
    this.#watcher.on('add', record).on('change', record).on('unlink', record)
  }

  /** Resolves once `paths` (absolute) are watched, so that a save right after cannot be missed. */
  static async start(
    paths: Iterable<string>,
    onChange: (paths: string[]) => void,
    debounceMs = 20,
  ): Promise<SourceWatcher> {
    const watcher = new SourceWatcher(new Set(paths), onChange, debounceMs)
    await new Promise<void>((resolve) => watcher.#watcher.once('ready', () => resolve()))
    return watcher
  }

  /**
   * Adds `paths` (absolute) to the watched set. Files a bundle stopped importing stay watched:
   * a change to them rebuilds nothing, and chokidar 4 drops events for the rest of a folder
   * after `unwatch` of one of its files.
   */
  add(paths: Iterable<string>): void {
    const added = [...paths].filter((path) => !this.#watched.has(path))
    if (added.length === 0) return
    for (const path of added) this.#watched.add(path)
    this.#watcher.add(added)
  }

  async close(): Promise<void> {
    clearTimeout(this.#timer)
    for (const timer of this.#rechecks) clearTimeout(timer)
    await this.#watcher.close()
  }

  #record(path: string): void {
    this.#pending.add(path)
    clearTimeout(this.#timer)
    this.#timer = setTimeout(() => this.#flush(), this.#debounceMs)
  }

  #flush(): void {
    const batch = [...this.#pending]
    this.#pending.clear()
    for (const path of batch) this.#reported.set(path, stamp(path))
    const recheck = setTimeout(() => {
      this.#rechecks.delete(recheck)
      for (const path of batch) if (stamp(path) !== this.#reported.get(path)) this.#record(path)
    }, RECHECK_AFTER_MS)
    this.#rechecks.add(recheck)
    this.#onChange(batch)
  }
}

/** Past chokidar's 50 ms change throttle. */
const RECHECK_AFTER_MS = 75

function stamp(path: string): string {
  try {
    const stats = statSync(path)
    return `${stats.mtimeMs}:${stats.size}`
  } catch {
    return 'missing'
  }
}
