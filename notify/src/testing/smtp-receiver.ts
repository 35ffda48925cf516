import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'

export interface ReceivedMail {
  from: string | undefined
  to: string[]
  raw: string
}

/**
 * A real SMTP server on loopback (smtp-server) that takes one login and keeps what it receives.
 * `refuseNext(451)` answers the next RCPT TO with that code, to drive the client's retries.
 */
export class SmtpReceiver {
  readonly mails: ReceivedMail[] = []
  readonly refusals: number[] = []
  port = 0
  readonly #server: SMTPServer

  private constructor(user: string, pass: string) {
    this.#server = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      logger: false,
      onAuth(auth, _session, callback) {
        if (auth.username === user && auth.password === pass) callback(null, { user })
        else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }))
      },
      onRcptTo: (_address, _session, callback) => {
        const code = this.refusals.shift()
        if (code === undefined) callback()
        else callback(Object.assign(new Error(`try again later (${code})`), { responseCode: code }))
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = []
        stream.on('data', (chunk: Buffer) => chunks.push(chunk))
        stream.on('end', () => {
          const from = session.envelope.mailFrom
          this.mails.push({
            from: from === false ? undefined : from.address,
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          })
          callback()
        })
      },
    })
  }

  static async start(user: string, pass: string): Promise<SmtpReceiver> {
    const receiver = new SmtpReceiver(user, pass)
    await new Promise<void>((resolve) => receiver.#server.listen(0, '127.0.0.1', () => resolve()))
    receiver.port = (receiver.#server.server.address() as AddressInfo).port
    return receiver
  }

  refuseNext(code: number): void {
    this.refusals.push(code)
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.close(() => resolve()))
  }
}
