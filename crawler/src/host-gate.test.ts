import { describe, expect, it } from 'vitest'
import { HostGate, type Clock } from './host-gate.ts'

/** Time that moves only when someone sleeps: delays are checked without waiting for them. */
function virtualClock(): Clock & { starts: number[] } {
  let time = 0
  return {
    starts: [],
    now: () => time,
    sleep: async (ms) => {
      time = Math.max(time, ms + time)
    },
  }
}

describe('the per-host gate', () => {
  it('spaces request starts to one host by the delay', async () => {
    const clock = virtualClock()
    const gate = new HostGate({ concurrency: 1, delayMs: 1000 }, clock)
    const starts: number[] = []
    await Promise.all([1, 2, 3].map(() => gate.run('bbs.example.cn', async () => void starts.push(clock.now()))))
    expect(starts).toEqual([0, 1000, 2000])
  })

  it('lets another host go at once and honours a source’s longer delay', async () => {
    const clock = virtualClock()
    const gate = new HostGate({ concurrency: 2, delayMs: 1000 }, clock)
    const starts: string[] = []
    await gate.run('a.example.cn', async () => void starts.push(`a@${clock.now()}`))
    await gate.run('b.example.cn', async () => void starts.push(`b@${clock.now()}`))
    await gate.run('a.example.cn', async () => void starts.push(`a@${clock.now()}`), 5000)
    await gate.run('a.example.cn', async () => void starts.push(`a@${clock.now()}`))
    expect(starts).toEqual(['a@0', 'b@0', 'a@1000', 'a@6000'])
  })

  it('keeps at most `concurrency` tasks of one host running', async () => {
    const gate = new HostGate({ concurrency: 2, delayMs: 0 }, virtualClock())
    let running = 0
    let most = 0
    const task = async () => {
      running++
      most = Math.max(most, running)
      await new Promise((resolve) => setTimeout(resolve, 1))
      running--
    }
    await Promise.all(Array.from({ length: 10 }, () => gate.run('a.example.cn', task)))
    expect(most).toBe(2)
  })
})
