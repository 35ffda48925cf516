import { describe, expect, it } from 'vitest'
import { rawPostFromLine } from './ingest-line.ts'

const now = '2026-11-26T00:00:00.000Z'

describe('a line of `yuqing ingest`', () => {
  it('carries an official source’s mark on its post, and leaves it off a netizen’s', () => {
    expect(rawPostFromLine('{"id": 1, "content": "县自来水公司停水通知", "official": true}', now, 'file')).toMatchObject({ source: 'file', official: true })
    expect(rawPostFromLine('{"id": 2, "content": "又停水了"}', now, 'file')).not.toHaveProperty('official')
  })

  it('names the field of a mark that is not true or false', () => {
    expect(rawPostFromLine('{"content": "通知", "official": "yes"}', now, 'file')).toEqual({ error: expect.stringMatching(/^field "official": /) })
  })
})
