import { Api, type Stack, UserPool, UserPoolAuthorizer, UserPoolClient } from 'portcullis'

export default function MyStack(stack: Stack) {
  // Create User Pool
  const userPool = new UserPool(stack, 'UserPool', {
    selfSignUpEnabled: true,
    signInAliases: { email: true },
    signInCaseSensitive: false,
  })

  // Create User Pool Client
  const userPoolClient = new UserPoolClient(stack, 'UserPoolClient', {
    userPool,
    authFlows: { userPassword: true },
  })

  // Create Api
  const api = new Api(stack, 'Api', {
    defaultAuthorizer: new UserPoolAuthorizer('Authorizer', userPool, {
      userPoolClients: [userPoolClient],
    }),
    defaultAuthorizationType: 'JWT',
    routes: {
      'GET /private': 'src/private.main',
      'GET /public': {
        function: 'src/public.main',
        authorizationType: 'NONE',
      },
    },
  })

  // Show the API endpoint and other info in the output
  stack.addOutputs({
    ApiEndpoint: api.url,
    UserPoolId: userPool.userPoolId,
    UserPoolClientId: userPoolClient.userPoolClientId,
  })
}
