import { type FSWatcher, watch } from 'chokidar'

/**
 * Watches a changing set of source files and reports changes in batches. Editors save in
 * bursts (truncate + write, or write a temp file + rename): chokidar's `atomic` folds a
 * delete-and-recreate into one change, and the debounce folds a burst into one batch.
 */
export class SourceWatcher {
  readonly #watcher: FSWatcher
  readonly #onChange: (paths: string[]) => void
  readonly #debounceMs: number
  #watched: Set<string>
  #pending = new Set<string>()
  #timer: NodeJS.Timeout | undefined

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

  /** Makes `paths` (absolute) the watched set. */
  set(paths: Iterable<string>): void {
    const next = new Set(paths)
    const added = [...next].filter((path) => !this.#watched.has(path))
    const removed = [...this.#watched].filter((path) => !next.has(path))
    if (added.length > 0) this.#watcher.add(added)
    if (removed.length > 0) this.#watcher.unwatch(removed)
    this.#watched = next
  }

  async close(): Promise<void> {
    clearTimeout(this.#timer)
    await this.#watcher.close()
  }

  #record(path: string): void {
    this.#pending.add(path)
    clearTimeout(this.#timer)
    this.#timer = setTimeout(() => {
      const batch = [...this.#pending]
      this.#pending.clear()
      this.#onChange(batch)
    }, this.#debounceMs)
  }
}
