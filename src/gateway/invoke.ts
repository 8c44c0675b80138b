import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import type { Invoke as AppInvoke, InvokeRequest as AppInvokeRequest, InvokeOutcome } from '../app/invoke.js'

/** The port through which the gateway runs handlers, with payload 2.0 events (src/app/invoke.ts). */
export type InvokeRequest = AppInvokeRequest<APIGatewayProxyEventV2>
export type Invoke = AppInvoke<APIGatewayProxyEventV2>
export type { InvokeOutcome }

/** AWS's default and maximum HTTP API integration timeout (APIGW2-M `TimeoutInMillis`). */
export const DEFAULT_FUNCTION_TIMEOUT_MS = 30_000
