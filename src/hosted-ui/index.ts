export { hostedUiApp } from './app.js'
export type { HostedUiDeps } from './deps.js'
export { STYLE_HASH } from './html.js'
export { MESSAGES, type MessageId } from './messages.js'
export {
  confirmPage,
  errorPage,
  forgotPasswordPage,
  loginPage,
  type PageContext,
  type PasswordRules,
  resetPasswordPage,
  signUpPage,
} from './pages.js'
export { clearCookie, cookieName, isCrossSite, pageHeaders, readCookie, setCookie } from './security.js'
