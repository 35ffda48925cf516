import type { TaskDetail } from './api.ts'

/**
 * Which department a task most likely belongs to, from words in its title and evidence: a
 * suggestion staff confirm or change in the form, never a decision.
 */
const BY_WORD: readonly (readonly [RegExp, string])[] = [
  [/诈骗|骗子|电诈|刷单|传销|盗窃|打架|斗殴/, '公安局'],
  [/停水|断水|水质|自来水|供水|排水|内涝/, '水务局'],
  [/停电|断电|电网|供电/, '供电公司'],
  [/车祸|交通|堵车|拥堵|红绿灯|公交|道路|大桥|限行/, '交通运输局'],
  [/食品|餐馆|外卖|过期|食物中毒|市场价格/, '市场监管局'],
  [/污染|排污|臭味|噪音|垃圾|焚烧|空气/, '生态环境局'],
  [/拆迁|征地|补偿|上访|信访|纠纷|欠薪|讨薪/, '信访局'],
  [/学校|教师|学生|幼儿园|招生/, '教育局'],
  [/医院|医生|看病|疫苗|卫生院/, '卫生健康委'],
  [/火灾|起火|爆炸|塌方|事故|安全隐患/, '应急管理局'],
]

export const DEFAULT_DEPARTMENT = '网信办'

export function suggestDepartment(text: string): string {
  return BY_WORD.find(([pattern]) => pattern.test(text))?.[1] ?? DEFAULT_DEPARTMENT
}

/** How the 处置 form notes its suggestion on a task created without an assignee (a comment). */
export const SUGGESTION_NOTE = '建议交办部门：'

/**
 * The department a task's 交办 form starts from: its own, else the suggestion noted on it last
 * (what the person who opened it chose), else one from its title and evidence.
 */
export function departmentFor(task: Pick<TaskDetail, 'department' | 'title' | 'evidence' | 'history'>): string {
  if (task.department) return task.department
  const noted = task.history.findLast((event) => event.kind === 'comment' && event.comment?.startsWith(SUGGESTION_NOTE))
  return noted?.comment?.slice(SUGGESTION_NOTE.length).trim() || suggestDepartment(`${task.title} ${task.evidence.text}`)
}
