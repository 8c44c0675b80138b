export { readTextCapped } from './body.js'
export { type Clock, epochSeconds, ManualClock, systemClock } from './clock.js'
export { hmacSha256, secretsEqual, sha256Hex } from './compare.js'
export { errorMessage, PortcullisError, StoreUnavailableError, UserFacingError } from './errors.js'
export { type Logger, type LogRecord, REQUEST_MESSAGE, recordingLogger, silentLogger } from './logger.js'
export {
  ALNUM,
  cryptoRandom,
  DIGITS,
  LOWER_ALNUM,
  type Random,
  randomString,
  randomToken,
} from './random.js'
