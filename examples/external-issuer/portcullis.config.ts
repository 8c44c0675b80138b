import { defineApp } from 'portcullis'
import ExternalStack from './stacks/ExternalStack.js'

export default defineApp({ name: 'simple-http-api-jwt', region: 'us-east-1', stacks: [ExternalStack] })
