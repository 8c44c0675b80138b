/**
 * What the hosted pages can say, by stable id. Tests and custom front ends match on the id
 * (`data-message-id`), never on the text, so the wording can change.
 */
export const MESSAGES = {
  'invalid-credentials': 'Incorrect username or password.',
  'user-not-confirmed': 'Your account is not confirmed yet. Enter the code we sent you.',
  'user-disabled': 'This account is disabled.',
  'attempts-exceeded': 'Too many failed attempts. Wait a moment and try again.',
  'username-exists': 'An account with this username or email already exists.',
  'invalid-password': 'The password does not meet the requirements.',
  'invalid-parameter': 'Some of the details are not valid.',
  'code-mismatch': 'That code is not right. Check it and try again.',
  'code-expired': 'That code has expired. Ask for a new one.',
  'limit-exceeded': 'Too many attempts. Wait a moment and try again.',
  'passwords-differ': 'The two passwords are not the same.',
  'code-sent': 'We sent a code. Enter it below.',
  'password-reset': 'Your password has been reset. Sign in with the new one.',
  confirmed: 'Your account is confirmed. Sign in.',
  csrf: 'The form expired or did not come from this page. Try again.',
  'unknown-client': 'This application is not known.',
  'unregistered-redirect': 'The address to return to is not registered for this application.',
  'invalid-request': 'The sign-in request is not valid.',
  'unauthorized-client': 'This application may not sign users in this way.',
  'sign-up-disabled': 'Sign-up is not available. Ask an administrator for an account.',
  'logout-uri': 'The address to go to after signing out is not registered for this application.',
  'too-many-requests': 'Too many requests. Wait a moment and try again.',
  'server-error': 'Something went wrong. Try again.',
  'password-reset-required': 'You must reset your password. Ask for a code below.',
  'new-password-required': 'Your account has a temporary password. Choose a new one.',
  'temporary-password-expired': 'Your temporary password has expired. Ask an administrator for a new one.',
  'not-found': 'There is no such page.',
} as const

export type MessageId = keyof typeof MESSAGES
