// Imported first by the CLI entry point, so that it runs before any other module is evaluated.
import { pinTickObjectShape } from '../core/tick-objects.js'

pinTickObjectShape()
