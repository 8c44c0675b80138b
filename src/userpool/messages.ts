/** A message the pool sends to a user: a code, or an invitation with a temporary password. */
export interface OutgoingMessage {
  poolId: string
  username: string
  purpose: 'SIGN_UP' | 'FORGOT_PASSWORD' | 'VERIFY_ATTRIBUTE' | 'INVITATION'
  medium: 'EMAIL' | 'SMS'
  destination: string
  code?: string
  temporaryPassword?: string
}

/** The message-sender port. Development writes to an outbox file; production plugs in SMTP/SMS. */
export interface MessageSender {
  send(message: OutgoingMessage): Promise<void>
}

export interface CodeDeliveryDetails {
  Destination: string
  DeliveryMedium: 'EMAIL' | 'SMS'
  AttributeName: 'email' | 'phone_number'
}
