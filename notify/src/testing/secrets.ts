import type { Secrets } from './vendor-receiver.ts'

/** Made-up robot credentials for the loopback receivers; none of them exists anywhere. */
export const SECRETS: Secrets = {
  dingtalk: { token: 'test-token-1', secret: 'SECtest0123456789abcdef+/=' },
  wecom: { key: 'test-key-693a91f6' },
  feishu: { hook: 'test-hook-5e3d587e', secret: 'feishu-test-secret' },
  webhook: { secret: 'webhook-test-secret' },
}
