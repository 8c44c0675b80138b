// Imported first by the CLI entry point, so that the pin is asked for before the rest of the
// CLI's modules are evaluated (the entry itself is captured on the next tick).
import { pinTickObjectShape } from '../core/tick-objects.js'

pinTickObjectShape()
