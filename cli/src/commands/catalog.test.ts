import { describe, expect, it } from 'vitest'
import { catalog } from './catalog.ts'

describe('command catalog', () => {
  it('loads the function of every command it lists (a wrong module or export fails here, not in a user hand)', async () => {
    const names = Object.keys(catalog)
    expect(names).toEqual(['start', 'run', 'ingest', 'hotwords', 'trends', 'analyze', 'stopwords', 'users', 'sources', 'rules'])
    for (const [name, entry] of Object.entries(catalog)) {
      const command = await entry.load()
      expect([name, typeof command, command.name]).toEqual([name, 'function', name])
      expect(entry.usage.startsWith(`yuqing ${name} `)).toBe(true)
    }
  })
})
