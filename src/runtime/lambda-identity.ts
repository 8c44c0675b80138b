import { randomBytes } from 'node:crypto'

/** What Lambda tells a function about itself, fixed for one deployed function. */
export interface LambdaIdentity {
  functionName: string
  functionVersion: '$LATEST'
  invokedFunctionArn: string
  memoryLimitInMB: string
  logGroupName: string
  region: string
  /** Bare `path/to/file.export`, as in Lambda's `_HANDLER`. */
  handler: string
}

export const DEFAULT_MEMORY_MB = 1024
export const DEFAULT_REGION = 'us-east-1'
export const DEFAULT_ACCOUNT_ID = '000000000000'

/** Lambda names allow letters, digits, `-` and `_`, up to 64 characters. */
export function lambdaFunctionName(id: string): string {
  return (
    id
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 64) || 'function'
  )
}

export function lambdaIdentity(input: {
  name: string
  handler: string
  memoryMb: number
  region: string
  accountId: string
}): LambdaIdentity {
  return {
    functionName: input.name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${input.region}:${input.accountId}:function:${input.name}`,
    memoryLimitInMB: String(input.memoryMb),
    logGroupName: `/aws/lambda/${input.name}`,
    region: input.region,
    handler: input.handler,
  }
}

/** One per execution environment (worker, or process in in-process mode), shaped like Lambda's `2026/01/31/[$LATEST]<32 hex>`. */
export function logStreamName(now: Date = new Date()): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '/')
  return `${day}/[$LATEST]${randomBytes(16).toString('hex')}`
}

/** Host variables Lambda also defines, passed through so that tools relying on them keep working. */
const PASSED_THROUGH = ['PATH', 'LANG', 'TZ'] as const

/**
 * A function's environment: base, then Lambda's reserved variables, then the function's
 * own (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime).
 */
export function lambdaEnvironment(
  identity: LambdaIdentity,
  options: {
    rootDir: string
    logStreamName: string
    base?: Record<string, string>
    own?: Record<string, string>
    host?: NodeJS.ProcessEnv
  },
): Record<string, string> {
  const env: Record<string, string> = {}
  const host = options.host ?? process.env
  for (const name of PASSED_THROUGH) if (host[name] !== undefined) env[name] = host[name]
  Object.assign(env, options.base, {
    AWS_REGION: identity.region,
    AWS_DEFAULT_REGION: identity.region,
    AWS_EXECUTION_ENV: `AWS_Lambda_nodejs${process.versions.node.split('.')[0]}.x`,
    AWS_LAMBDA_FUNCTION_NAME: identity.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: identity.functionVersion,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: identity.memoryLimitInMB,
    AWS_LAMBDA_LOG_GROUP_NAME: identity.logGroupName,
    AWS_LAMBDA_LOG_STREAM_NAME: options.logStreamName,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    LAMBDA_TASK_ROOT: options.rootDir,
    _HANDLER: identity.handler,
  })
  return Object.assign(env, options.own)
}
