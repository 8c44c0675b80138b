import { defineApp } from 'portcullis'
import HttpApiStack from './stacks/HttpApiStack.js'

export default defineApp({ name: 'http-api-node', region: 'us-east-1', stacks: [HttpApiStack] })
