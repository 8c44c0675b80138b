import { html } from 'hono/html'
import { csrfField, field, layout, message, render } from './html.js'
import type { MessageId } from './messages.js'

/** What every form page needs: where it posts, and the sign-in request it carries along. */
export interface PageContext {
  poolName: string
  /** The hosted UI's base path, e.g. `/us-east-1_AbC123xyZ`. */
  base: string
  /** The authorize request's parameters, already encoded, carried from page to page. */
  query: string
  csrf: string
  usernameLabel: string
}

export interface PasswordRules {
  minLength: number
  uppercase: boolean
  lowercase: boolean
  numbers: boolean
  symbols: boolean
}

/** The pool's password policy as a list the password field points to (aria-describedby). */
function policyList(rules: PasswordRules) {
  const items = [
    `At least ${rules.minLength} characters`,
    ...(rules.uppercase ? ['an uppercase letter'] : []),
    ...(rules.lowercase ? ['a lowercase letter'] : []),
    ...(rules.numbers ? ['a number'] : []),
    ...(rules.symbols ? ['a symbol'] : []),
  ]
  return html`<ul class="hint" id="password-policy">${items.map((r) => html`<li>${r}</li>`)}</ul>`
}

const link = (ctx: PageContext, path: string, text: string) =>
  html`<a href="${ctx.base}${path}?${ctx.query}">${text}</a>`

export function loginPage(
  ctx: PageContext,
  state: { error?: MessageId; note?: MessageId; username?: string } = {},
) {
  return render(
    layout(
      ctx.poolName,
      'Sign in',
      html`${message(state.error)}${message(state.note, 'note')}
<form method="post" action="${ctx.base}/login?${ctx.query}">
${csrfField(ctx.csrf)}
${field({ name: 'username', label: ctx.usernameLabel, value: state.username, autocomplete: 'username' })}
${field({ name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password' })}
<button type="submit">Sign in</button>
</form>
<nav class="links">${link(ctx, '/forgotPassword', 'Forgot your password?')}${link(ctx, '/signup', 'Need an account? Sign up')}</nav>`,
    ),
  )
}

export function signUpPage(
  ctx: PageContext,
  state: {
    error?: MessageId
    detail?: string
    username?: string
    attributes: Array<{ name: string; label: string; value?: string; type?: string }>
    rules: PasswordRules
  },
) {
  return render(
    layout(
      ctx.poolName,
      'Sign up',
      html`${message(state.error)}${state.detail ? html`<p class="hint" id="message-detail">${state.detail}</p>` : ''}
<form method="post" action="${ctx.base}/signup?${ctx.query}">
${csrfField(ctx.csrf)}
${field({ name: 'username', label: ctx.usernameLabel, value: state.username, autocomplete: 'username' })}
${state.attributes.map((a) => field({ name: a.name, label: a.label, value: a.value, type: a.type ?? 'text' }))}
${field({
  name: 'password',
  label: 'Password',
  type: 'password',
  autocomplete: 'new-password',
  hint: policyList(state.rules),
})}
<button type="submit">Sign up</button>
</form>
<nav class="links">${link(ctx, '/login', 'Already have an account? Sign in')}</nav>`,
    ),
  )
}

export function confirmPage(
  ctx: PageContext,
  state: { error?: MessageId; note?: MessageId; username: string; destination?: string },
) {
  return render(
    layout(
      ctx.poolName,
      'Confirm your account',
      html`${message(state.error)}${message(state.note, 'note')}
${state.destination ? html`<p id="destination">We sent a code to ${state.destination}.</p>` : ''}
<form method="post" action="${ctx.base}/confirmUser?${ctx.query}">
${csrfField(ctx.csrf)}
<input type="hidden" name="username" value="${state.username}">
${field({ name: 'code', label: 'Verification code', autocomplete: 'one-time-code', inputmode: 'numeric' })}
<button type="submit">Confirm</button>
</form>
<form method="post" action="${ctx.base}/resendCode?${ctx.query}">
${csrfField(ctx.csrf)}
<input type="hidden" name="username" value="${state.username}">
<button type="submit" id="resend">Send a new code</button>
</form>`,
    ),
  )
}

export function forgotPasswordPage(ctx: PageContext, state: { error?: MessageId; username?: string } = {}) {
  return render(
    layout(
      ctx.poolName,
      'Forgot your password?',
      html`${message(state.error)}
<p>Enter your ${ctx.usernameLabel.toLowerCase()} and we will send a code to reset your password.</p>
<form method="post" action="${ctx.base}/forgotPassword?${ctx.query}">
${csrfField(ctx.csrf)}
${field({ name: 'username', label: ctx.usernameLabel, value: state.username, autocomplete: 'username' })}
<button type="submit">Send code</button>
</form>
<nav class="links">${link(ctx, '/login', 'Back to sign in')}</nav>`,
    ),
  )
}

export function resetPasswordPage(
  ctx: PageContext,
  state: { error?: MessageId; username: string; destination?: string; rules: PasswordRules },
) {
  return render(
    layout(
      ctx.poolName,
      'Reset your password',
      html`${message(state.error)}
${state.destination ? html`<p id="destination">We sent a code to ${state.destination}.</p>` : ''}
<form method="post" action="${ctx.base}/confirmForgotPassword?${ctx.query}">
${csrfField(ctx.csrf)}
<input type="hidden" name="username" value="${state.username}">
${field({ name: 'code', label: 'Code', autocomplete: 'one-time-code', inputmode: 'numeric' })}
${field({ name: 'password', label: 'New password', type: 'password', autocomplete: 'new-password' })}
${field({ name: 'confirmPassword', label: 'New password again', type: 'password', autocomplete: 'new-password' })}
<button type="submit">Reset password</button>
</form>`,
    ),
  )
}

/** A dead end: nothing to redirect to safely, so the page says what went wrong and stops. */
export function errorPage(poolName: string, id: MessageId) {
  return render(layout(poolName, 'Something is not right', html`${message(id)}`))
}

/** After a temporary password: the NEW_PASSWORD_REQUIRED challenge, answered with a new one. */
export function newPasswordPage(
  ctx: PageContext,
  state: { error?: MessageId; detail?: string; username: string; session: string; rules: PasswordRules },
) {
  return render(
    layout(
      ctx.poolName,
      'Choose a new password',
      html`${state.error ? message(state.error) : message('new-password-required', 'note')}${
        state.detail ? html`<p class="hint" id="message-detail">${state.detail}</p>` : ''
      }
<form method="post" action="${ctx.base}/newPassword?${ctx.query}">
${csrfField(ctx.csrf)}
<input type="hidden" name="username" value="${state.username}">
<input type="hidden" name="session" value="${state.session}">
${field({ name: 'password', label: 'New password', type: 'password', autocomplete: 'new-password', hint: policyList(state.rules) })}
${field({ name: 'confirmPassword', label: 'New password again', type: 'password', autocomplete: 'new-password' })}
<button type="submit">Set password</button>
</form>`,
    ),
  )
}
