import { PortcullisError } from '../core/index.js'

/**
 * The Cognito exception catalogue: every `__type` this service can answer with. Messages that
 * AWS fixes are defined here once (aws-semantics.md §5.5); the protocol handler is the only
 * place that turns these into HTTP responses.
 */
export const COGNITO_ERROR_TYPES = [
  'AliasExistsException',
  'CodeDeliveryFailureException',
  'CodeMismatchException',
  'ExpiredCodeException',
  'GroupExistsException',
  'InternalErrorException',
  'IncompleteSignatureException',
  'InvalidOAuthFlowException',
  'InvalidParameterException',
  'InvalidPasswordException',
  'InvalidSignatureException',
  'LimitExceededException',
  'MissingAuthenticationTokenException',
  'NotAuthorizedException',
  'PasswordResetRequiredException',
  'ResourceNotFoundException',
  'ScopeDoesNotExistException',
  'SerializationException',
  'ServiceUnavailableException',
  'TooManyFailedAttemptsException',
  'TooManyRequestsException',
  'UnauthorizedException',
  'UnknownOperationException',
  'UnrecognizedClientException',
  'UnsupportedOperationException',
  'UnsupportedTokenTypeException',
  'UnsupportedUserStateException',
  'UserNotConfirmedException',
  'UserNotFoundException',
  'UsernameExistsException',
] as const

export type CognitoErrorType = (typeof COGNITO_ERROR_TYPES)[number]

export class CognitoError extends PortcullisError {
  readonly type: CognitoErrorType
  /** HTTP status: 400 for every client error, as real Cognito answers (aws-semantics.md §5.1). */
  readonly status: number

  constructor(type: CognitoErrorType, message: string, options?: { cause?: unknown; status?: number }) {
    super(type, message, options)
    this.type = type
    this.status = options?.status ?? (type === 'InternalErrorException' ? 500 : 400)
  }
}

export const errors = {
  incorrectCredentials: () => new CognitoError('NotAuthorizedException', 'Incorrect username or password.'),
  userNotFound: () => new CognitoError('UserNotFoundException', 'User does not exist.'),
  userNotConfirmed: () => new CognitoError('UserNotConfirmedException', 'User is not confirmed.'),
  userDisabled: () => new CognitoError('NotAuthorizedException', 'User is disabled.'),
  poolNotFound: (poolId: string) =>
    new CognitoError('ResourceNotFoundException', `User pool ${poolId} does not exist.`),
  clientNotFound: (clientId: string) =>
    new CognitoError('ResourceNotFoundException', `User pool client ${clientId} does not exist.`),
  usernameExists: () => new CognitoError('UsernameExistsException', 'User already exists'),
  emailExists: () =>
    new CognitoError('UsernameExistsException', 'An account with the given email already exists.'),
  phoneExists: () =>
    new CognitoError('UsernameExistsException', 'An account with the given phone_number already exists.'),
  aliasExists: (attribute: string) =>
    new CognitoError('AliasExistsException', `An account with the ${attribute} already exists.`),
  codeMismatch: () =>
    new CognitoError('CodeMismatchException', 'Invalid verification code provided, please try again.'),
  codeExpired: () =>
    new CognitoError('ExpiredCodeException', 'Invalid code provided, please request a code again.'),
  attemptLimit: () =>
    new CognitoError('LimitExceededException', 'Attempt limit exceeded, please try after some time.'),
  tooManyFailedAttempts: () =>
    new CognitoError(
      'TooManyFailedAttemptsException',
      'Too many failed attempts, please request a code again.',
    ),
  /** "Current status is CONFIRMED" as AWS words it; other statuses are named the same way. */
  notConfirmable: (status: string) =>
    new CognitoError('NotAuthorizedException', `User cannot be confirmed. Current status is ${status}`),
  signUpNotPermitted: () =>
    new CognitoError('NotAuthorizedException', 'SignUp is not permitted for this user pool'),
  invalidRefreshToken: () => new CognitoError('NotAuthorizedException', 'Invalid Refresh Token.'),
  refreshTokenRevoked: () => new CognitoError('NotAuthorizedException', 'Refresh Token has been revoked'),
  invalidAccessToken: () => new CognitoError('NotAuthorizedException', 'Invalid Access Token'),
  accessTokenExpired: () => new CognitoError('NotAuthorizedException', 'Access Token has expired'),
  accessTokenRevoked: () => new CognitoError('NotAuthorizedException', 'Access Token has been revoked'),
  secretHashMismatch: (clientId: string) =>
    new CognitoError('NotAuthorizedException', `Unable to verify secret hash for client ${clientId}`),
  secretHashMissing: (clientId: string) =>
    new CognitoError(
      'NotAuthorizedException',
      `Client ${clientId} is configured for secret but secret was not received`,
    ),
  notAuthorizedWrite: () =>
    new CognitoError('NotAuthorizedException', 'A client attempted to write unauthorized attribute'),
  passwordResetRequired: () =>
    new CognitoError('PasswordResetRequiredException', 'Password reset required for the user'),
  invalidParameter: (message: string) => new CognitoError('InvalidParameterException', message),
  invalidPassword: (rule: string, wording = 'policy') =>
    new CognitoError('InvalidPasswordException', `Password did not conform with ${wording}: ${rule}`),
  tooManyRequests: () => new CognitoError('TooManyRequestsException', 'Too many requests'),
  missingParameter: (name: string) =>
    new CognitoError('InvalidParameterException', `Missing required parameter ${name}`),
  passwordAttemptsExceeded: () => new CognitoError('NotAuthorizedException', 'Password attempts exceeded'),
  temporaryPasswordExpired: () =>
    new CognitoError(
      'NotAuthorizedException',
      'Temporary password has expired and must be reset by an administrator.',
    ),
  sessionExpired: () =>
    new CognitoError('NotAuthorizedException', 'Invalid session for the user, session is expired.'),
  sessionUsed: () =>
    new CognitoError(
      'NotAuthorizedException',
      'Invalid session for the user, session can only be used once.',
    ),
  userAccountExists: () => new CognitoError('UsernameExistsException', 'User account already exists'),
  cannotResetPassword: () =>
    new CognitoError(
      'InvalidParameterException',
      'Cannot reset password for the user as there is no registered/verified email or phone_number',
    ),
  resetNotAllowed: () =>
    new CognitoError('NotAuthorizedException', 'User password cannot be reset in the current state.'),
  unsupportedUserState: (message: string) => new CognitoError('UnsupportedUserStateException', message),
  unauthorizedClient: () => new CognitoError('UnauthorizedException', 'Invalid client id or client secret.'),
  revocationDisabled: () =>
    new CognitoError('UnsupportedOperationException', 'Token revocation is not enabled for this app client.'),
  notRefreshToken: () =>
    new CognitoError('UnsupportedTokenTypeException', 'Only refresh tokens can be revoked.'),
  groupExists: () => new CognitoError('GroupExistsException', 'A group with the name already exists.'),
  groupNotFound: () => new CognitoError('ResourceNotFoundException', 'Group not found.'),
  serialization: (message: string) => new CognitoError('SerializationException', message),
  limitExceeded: (message: string) => new CognitoError('LimitExceededException', message),
  resourceServerNotFound: () => new CognitoError('ResourceNotFoundException', 'Resource server not found.'),
  resourceServerExists: (identifier: string) =>
    new CognitoError(
      'InvalidParameterException',
      `A resource server with identifier ${identifier} already exists.`,
    ),
  /** The type is the service model's; the wording is ours (no capture of AWS's was found). */
  scopeDoesNotExist: (scope: string) =>
    new CognitoError('ScopeDoesNotExistException', `Invalid scope requested: ${scope}`),
  invalidOAuthFlow: (message: string) => new CognitoError('InvalidOAuthFlowException', message),
} as const
