import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from './config.ts'
import { InputError } from './errors.ts'

describe('configuration', () => {
  it('takes defaults when nothing is set', () => {
    const config = loadConfig({}, {})
    expect(config.port).toBe(8080)
    expect(config.dataDir).toBe(path.resolve('./data'))
    expect(config.timezone).toBe('Asia/Shanghai')
    expect(config.demo).toBe(true)
  })

  it('lets the environment override defaults and flags override the environment', () => {
    const env = { YUQING_PORT: '9000', YUQING_DEMO: 'false', YUQING_DATA_DIR: '/tmp/y' }
    expect(loadConfig({}, env)).toMatchObject({ port: 9000, demo: false, dataDir: '/tmp/y' })
    expect(loadConfig({ port: '9100' }, env).port).toBe(9100)
  })

  it('names the variable and the value when one is invalid', () => {
    expect(() => loadConfig({}, { YUQING_PORT: 'eighty' })).toThrow(InputError)
    expect(() => loadConfig({}, { YUQING_PORT: 'eighty' })).toThrow(/YUQING_PORT.*"eighty"/)
    expect(() => loadConfig({ port: '70000' }, {})).toThrow(/option --port/)
    expect(() => loadConfig({}, { YUQING_TIMEZONE: 'Asia/Shanghia' })).toThrow(/YUQING_TIMEZONE.*"Asia\/Shanghia".*IANA time zone/)
  })
})
