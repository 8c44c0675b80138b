export { closeServer, listen, originOf } from './listen.js'
export { outboxSender } from './outbox.js'
export {
  startUserPoolServer,
  type UserPoolServer,
  type UserPoolServerOptions,
  userPoolApp,
} from './userpool-server.js'
