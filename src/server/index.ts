export {
  type AppServer,
  type AppServerOptions,
  DEFAULT_API_PORT,
  DEFAULT_USERPOOL_PORT,
  startApp,
} from './app-server.js'
export { readStageCredentials, stageCredentials } from './credentials.js'
export { closeServer, listen, originOf } from './listen.js'
export { findConfig } from './load-app.js'
export { outboxSender } from './outbox.js'
export { type OutputsFile, readOutputs } from './outputs.js'
export { isValidStageName, type StagePaths, stagePaths } from './stage.js'
export {
  startUserPoolServer,
  type UserPoolServer,
  type UserPoolServerOptions,
  userPoolApp,
} from './userpool-server.js'
