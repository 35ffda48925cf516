import { describe, expect, it } from 'vitest'
import { departmentFor, DEFAULT_DEPARTMENT, SUGGESTION_NOTE } from './departments.ts'

type Task = Parameters<typeof departmentFor>[0]
const task = (department: string | null, comments: string[]): Task =>
  ({
    department,
    title: '青溪大桥施工，堵车一小时',
    evidence: { text: '早高峰大桥拥堵', postIds: [], urls: [] },
    history: comments.map((comment, seq) => ({ seq, kind: 'comment', comment, at: '2026-11-29T08:00:00.000Z', by: 'analyst', from: null, to: null, changes: {} })),
  }) as unknown as Task

describe('the department a task’s 交办 form starts from', () => {
  it('is the task’s own, else the suggestion noted last, else one read from its title and evidence', () => {
    expect(departmentFor(task('水务局', [`${SUGGESTION_NOTE}住房城乡建设局`]))).toBe('水务局')
    expect(departmentFor(task(null, [`${SUGGESTION_NOTE}交通运输局`, '已电话核实', `${SUGGESTION_NOTE}住房城乡建设局`]))).toBe('住房城乡建设局')
    expect(departmentFor(task(null, ['已电话核实']))).toBe('交通运输局')
    // A note with no department after it suggests nothing.
    expect(departmentFor(task(null, [SUGGESTION_NOTE]))).toBe('交通运输局')
    expect(departmentFor({ ...task(null, []), title: '有人反映情况', evidence: { text: '', postIds: [], urls: [] } } as Task)).toBe(DEFAULT_DEPARTMENT)
  })
})
