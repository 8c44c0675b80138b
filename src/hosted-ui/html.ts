import { createHash } from 'node:crypto'
import { html } from 'hono/html'
import { MESSAGES, type MessageId } from './messages.js'

type Html = ReturnType<typeof html>

/** Inline styles are allowed by hash in the CSP; pages carry no script at all. */
const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,sans-serif;background:#f4f5f7;color:#1c1e21}
main{max-width:24rem;margin:4rem auto;padding:2rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px #0002}
h1{font-size:1.25rem;margin:0 0 .25rem}h2{font-size:1rem;font-weight:normal;color:#555;margin:0 0 1.5rem}
label{display:block;font-weight:600;margin:1rem 0 .25rem}input{width:100%;padding:.6rem;border:1px solid #bbb;border-radius:4px;font:inherit}
button{width:100%;margin-top:1.5rem;padding:.7rem;border:0;border-radius:4px;background:#2956d3;color:#fff;font:inherit;font-weight:600;cursor:pointer}
.alert{padding:.75rem;border-radius:4px;background:#fdecea;color:#8a1f11;margin:0 0 1rem}.note{padding:.75rem;border-radius:4px;background:#e8f1fd;color:#173d7a;margin:0 0 1rem}
.links{margin-top:1.25rem;font-size:.9rem}.links a{display:block;margin:.25rem 0;color:#2956d3}
.hint{font-size:.85rem;color:#555;margin:.25rem 0 0}ul.hint{padding-left:1.25rem}
`
export const STYLE_HASH = `sha256-${createHash('sha256').update(STYLE).digest('base64')}`

export async function render(page: Html | Promise<Html>): Promise<string> {
  return String(await page)
}

export function layout(poolName: string, title: string, body: Html): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} · ${poolName}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${poolName}</h1>
<h2>${title}</h2>
${body}
</main>
</body>
</html>`
}

/** An inline message: errors are announced to screen readers, notes are not. */
export function message(id: MessageId | undefined, kind: 'error' | 'note' = 'error'): Html | string {
  if (!id) return ''
  return kind === 'error'
    ? html`<p class="alert" role="alert" id="message" data-message-id="${id}">${MESSAGES[id]}</p>`
    : html`<p class="note" role="status" id="message" data-message-id="${id}">${MESSAGES[id]}</p>`
}

export function field(options: {
  name: string
  label: string
  type?: string
  value?: string | undefined
  autocomplete?: string
  required?: boolean
  hint?: Html | string
  inputmode?: string
}): Html {
  const id = `field-${options.name.replace(/[^\w-]/g, '-')}`
  return html`<label for="${id}">${options.label}</label>
<input id="${id}" name="${options.name}" type="${options.type ?? 'text'}" value="${options.value ?? ''}"${
    options.autocomplete ? html` autocomplete="${options.autocomplete}"` : ''
  }${options.inputmode ? html` inputmode="${options.inputmode}"` : ''}${options.required === false ? '' : html` required`}${
    options.hint ? html` aria-describedby="${id}-hint"` : ''
  }>
${options.hint ? html`<div class="hint" id="${id}-hint">${options.hint}</div>` : ''}`
}

export function csrfField(token: string): Html {
  return html`<input type="hidden" name="_csrf" value="${token}">`
}
