import { Hono } from 'hono'
import { StoreUnavailableError } from '../core/index.js'
import { authorizationResponse, type OAuthEnv } from '../oauth/index.js'
import { CognitoError, findUser } from '../userpool/index.js'
import { answerChallenge, runAction, signUpAttributes } from './account.js'
import type { HostedUiDeps } from './deps.js'
import {
  acceptForm,
  beginFlow,
  type C,
  deadEnd,
  type Flow,
  finishSignIn,
  html,
  pageContext,
  redirect,
} from './flow.js'
import { checkPassword } from './login.js'
import { logoutEndpoint } from './logout.js'
import type { MessageId } from './messages.js'
import {
  confirmPage,
  forgotPasswordPage,
  loginPage,
  newPasswordPage,
  type PasswordRules,
  resetPasswordPage,
  signUpPage,
} from './pages.js'
import { currentSession } from './session.js'

type Handler = (flow: Flow, c: C) => Promise<Response>

/**
 * The browser-facing pages of every pool, mounted at `/:poolId` in Cognito's URL layout
 * (aws-semantics.md §6): authorize, login, sign-up, confirmation, password reset and logout.
 * `onError` is the one place that decides what a failure shows.
 */
export function hostedUiApp(deps: HostedUiDeps): Hono<OAuthEnv> {
  const app = new Hono<OAuthEnv>()
  const get = (path: string, handler: Handler) => app.get(path, (c) => withFlow(c, handler))
  const post = (path: string, handler: (flow: Flow, form: Map<string, string>) => Promise<Response>) =>
    app.post(path, (c) =>
      withFlow(c, async (flow) => {
        const form = await acceptForm(flow, c)
        return form instanceof Response ? form : handler(flow, form)
      }),
    )
  const withFlow = async (c: C, handler: Handler) => {
    const flow = await beginFlow(deps, c)
    return flow instanceof Response ? flow : handler(flow, c)
  }

  get('/oauth2/authorize', authorize)
  get('/login', authorize)
  post('/login', login)
  post('/newPassword', newPassword)
  get('/signup', async (flow) => showSignUp(flow))
  post('/signup', signUp)
  get('/confirmUser', async (flow, c) => showConfirm(flow, c.req.query('username') ?? '', {}))
  post('/confirmUser', confirm)
  post('/resendCode', resend)
  get('/forgotPassword', async (flow) => showForgot(flow))
  post('/forgotPassword', forgot)
  post('/confirmForgotPassword', reset)
  app.get('/logout', (c) => logoutEndpoint(deps, c))
  app.onError(async (error) => {
    if (error instanceof CognitoError && error.type === 'TooManyRequestsException')
      return deadEnd(deps, 'Portcullis', 'too-many-requests', 429)
    deps.logger.error(
      { err: error },
      error instanceof StoreUnavailableError ? 'store unavailable' : 'internal error',
    )
    return deadEnd(deps, 'Portcullis', 'server-error', error instanceof StoreUnavailableError ? 503 : 500)
  })
  return app
}

/** A browser with a live session goes straight back to the client; others see the sign-in form. */
async function authorize(flow: Flow, c: C): Promise<Response> {
  const signedIn = await currentSession(flow.deps, flow.pool, flow.cookies)
  if (signedIn)
    return redirect(
      await authorizationResponse(flow.deps, flow.request, signedIn.user, signedIn.session.authTime),
    )
  if (c.req.path.endsWith('/oauth2/authorize')) {
    const { ctx } = pageContext(flow)
    return redirect(`${ctx.base}/login?${flow.query}`)
  }
  return showLogin(flow, {}, 200)
}

async function showLogin(
  flow: Flow,
  state: { error?: MessageId; note?: MessageId; username?: string },
  status: number,
): Promise<Response> {
  const { ctx, cookies } = pageContext(flow)
  return html(flow.deps, await loginPage(ctx, state), status, cookies)
}

async function login(flow: Flow, form: Map<string, string>): Promise<Response> {
  const username = (form.get('username') ?? '').trim()
  const outcome = await checkPassword(
    flow.action,
    flow.pool,
    flow.request.client,
    username,
    form.get('password') ?? '',
  )
  if (outcome.ok) return finishSignIn(flow, outcome.user)
  if (outcome.next === 'new-password')
    return showNewPassword(flow, { username: outcome.username, session: outcome.session }, 200)
  if (outcome.next === 'confirm') return showConfirm(flow, username, { error: outcome.message })
  if (outcome.next === 'reset') return showForgot(flow, { error: outcome.message, username }, outcome.status)
  return showLogin(flow, { error: outcome.message, username }, outcome.status)
}

async function showNewPassword(
  flow: Flow,
  state: { username: string; session: string; error?: MessageId; detail?: string },
  status: number,
): Promise<Response> {
  const { ctx, cookies } = pageContext(flow)
  return html(
    flow.deps,
    await newPasswordPage(ctx, { ...state, rules: passwordRules(flow) }),
    status,
    cookies,
  )
}

/**
 * The NEW_PASSWORD_REQUIRED challenge answered through RespondToAuthChallenge: a password the
 * policy refuses can be retried with the same session; any other failure starts over.
 */
async function newPassword(flow: Flow, form: Map<string, string>): Promise<Response> {
  const username = form.get('username') ?? ''
  const session = form.get('session') ?? ''
  const password = form.get('password') ?? ''
  if (password !== form.get('confirmPassword'))
    return showNewPassword(flow, { username, session, error: 'passwords-differ' }, 400)
  const result = await answerChallenge(flow.action, flow.request.client, username, session, password)
  if (result.ok) {
    const user = await findUser(flow.deps.store, flow.pool, username)
    if (user) return finishSignIn(flow, user)
  }
  if (!result.ok && (result.message === 'invalid-password' || result.message === 'invalid-parameter'))
    return showNewPassword(
      flow,
      { username, session, error: result.message, ...(result.detail ? { detail: result.detail } : {}) },
      400,
    )
  return showLogin(flow, { error: 'invalid-request', username }, 400)
}

function passwordRules(flow: Flow): PasswordRules {
  const p = flow.pool.settings.Policies.PasswordPolicy
  return {
    minLength: p.MinimumLength,
    uppercase: p.RequireUppercase,
    lowercase: p.RequireLowercase,
    numbers: p.RequireNumbers,
    symbols: p.RequireSymbols,
  }
}

async function showSignUp(
  flow: Flow,
  state: { error?: MessageId; detail?: string; username?: string; values?: Map<string, string> } = {},
  status = 200,
): Promise<Response> {
  const { ctx, cookies } = pageContext(flow)
  const error = flow.pool.settings.AdminCreateUserConfig.AllowAdminCreateUserOnly
    ? 'sign-up-disabled'
    : state.error
  const attributes = signUpAttributes(flow.pool).map((a) => ({
    ...a,
    value: state.values?.get(a.name) ?? '',
  }))
  const page = await signUpPage(ctx, {
    ...(error ? { error } : {}),
    ...(state.detail ? { detail: state.detail } : {}),
    ...(state.username ? { username: state.username } : {}),
    attributes,
    rules: passwordRules(flow),
  })
  return html(flow.deps, page, status, cookies)
}

async function signUp(flow: Flow, form: Map<string, string>): Promise<Response> {
  const username = (form.get('username') ?? '').trim()
  const fromUsername = (flow.pool.settings.UsernameAttributes ?? []).filter((a) =>
    a === 'email' ? username.includes('@') : username.startsWith('+'),
  )
  const attributes = [
    ...fromUsername.map((name) => ({ Name: name, Value: username })),
    ...signUpAttributes(flow.pool).map((a) => ({ Name: a.name, Value: (form.get(a.name) ?? '').trim() })),
  ]
  const result = await runAction<{ UserConfirmed: boolean; CodeDeliveryDetails?: { Destination?: string } }>(
    flow.action,
    flow.request.client,
    'SignUp',
    username,
    { Password: form.get('password') ?? '', UserAttributes: attributes },
  )
  if (!result.ok)
    return showSignUp(
      flow,
      { error: result.message, ...(result.detail ? { detail: result.detail } : {}), username, values: form },
      result.status,
    )
  return showConfirm(flow, username, { destination: result.value.CodeDeliveryDetails?.Destination })
}

async function showConfirm(
  flow: Flow,
  username: string,
  state: { error?: MessageId; note?: MessageId; destination?: string | undefined },
  status = 200,
): Promise<Response> {
  const { ctx, cookies } = pageContext(flow)
  const page = await confirmPage(ctx, {
    username,
    ...(state.error ? { error: state.error } : {}),
    ...(state.note ? { note: state.note } : {}),
    ...(state.destination ? { destination: state.destination } : {}),
  })
  return html(flow.deps, page, status, cookies)
}

async function confirm(flow: Flow, form: Map<string, string>): Promise<Response> {
  const username = form.get('username') ?? ''
  const result = await runAction(flow.action, flow.request.client, 'ConfirmSignUp', username, {
    ConfirmationCode: (form.get('code') ?? '').trim(),
  })
  if (!result.ok && result.message !== 'confirmed')
    return showConfirm(flow, username, { error: result.message }, result.status)
  return showLogin(flow, { note: 'confirmed', username }, 200)
}

/** Failures that do not depend on the account named: the only ones a code request may show. */
const ABOUT_ANYONE: ReadonlySet<MessageId> = new Set(['too-many-requests', 'server-error', 'csrf'])
const isAboutAnyone = (id: MessageId): boolean => ABOUT_ANYONE.has(id)

async function resend(flow: Flow, form: Map<string, string>): Promise<Response> {
  const username = form.get('username') ?? ''
  const result = await runAction<{ CodeDeliveryDetails?: { Destination?: string } }>(
    flow.action,
    flow.request.client,
    'ResendConfirmationCode',
    username,
    {},
  )
  if (!result.ok && isAboutAnyone(result.message))
    return showConfirm(flow, username, { error: result.message }, result.status)
  // The same answer whether or not the account exists, is confirmed or was sent too many codes.
  return showConfirm(flow, username, { note: 'code-sent' })
}

async function showForgot(
  flow: Flow,
  state: { error?: MessageId; username?: string } = {},
  status = 200,
): Promise<Response> {
  const { ctx, cookies } = pageContext(flow)
  return html(flow.deps, await forgotPasswordPage(ctx, state), status, cookies)
}

async function forgot(flow: Flow, form: Map<string, string>): Promise<Response> {
  const username = (form.get('username') ?? '').trim()
  const result = await runAction<{ CodeDeliveryDetails?: { Destination?: string } }>(
    flow.action,
    flow.request.client,
    'ForgotPassword',
    username,
    {},
  )
  // Every user-dependent outcome (unknown, unconfirmed, unverified, too many codes) leads to the
  // same next page, without the masked destination, so the form tells nobody who has an account.
  if (!result.ok && isAboutAnyone(result.message))
    return showForgot(flow, { error: result.message, username }, result.status)
  return showReset(flow, username, {}, 200)
}

async function showReset(
  flow: Flow,
  username: string,
  state: { error?: MessageId },
  status: number,
  destination?: string,
): Promise<Response> {
  const { ctx, cookies } = pageContext(flow)
  const page = await resetPasswordPage(ctx, {
    username,
    rules: passwordRules(flow),
    ...(state.error ? { error: state.error } : {}),
    ...(destination ? { destination } : {}),
  })
  return html(flow.deps, page, status, cookies)
}

async function reset(flow: Flow, form: Map<string, string>): Promise<Response> {
  const username = form.get('username') ?? ''
  const password = form.get('password') ?? ''
  if (password !== form.get('confirmPassword'))
    return showReset(flow, username, { error: 'passwords-differ' }, 400)
  const result = await runAction(flow.action, flow.request.client, 'ConfirmForgotPassword', username, {
    ConfirmationCode: (form.get('code') ?? '').trim(),
    Password: password,
  })
  if (!result.ok) return showReset(flow, username, { error: result.message }, result.status)
  return showLogin(flow, { note: 'password-reset', username }, 200)
}
