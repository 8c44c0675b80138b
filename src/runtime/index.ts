export { checkHandlers } from './check-handlers.js'
export type {
  FunctionSpec,
  Invoke,
  InvokeOutcome,
  InvokeRequest,
  Runtime,
  RuntimeOptions,
} from './contract.js'
export type { LambdaContext } from './invocation.js'
export { createRuntime } from './runtime.js'
