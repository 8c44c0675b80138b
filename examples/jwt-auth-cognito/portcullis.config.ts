import { defineApp } from 'portcullis'
import MyStack from './stacks/MyStack.js'

export default defineApp({ name: 'api-auth-jwt-cognito-user-pool', region: 'us-east-1', stacks: [MyStack] })
