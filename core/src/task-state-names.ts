/**
 * How each handling task's state reads to staff, Chinese first, English beside it: the API (brief,
 * exports, 督办 reminders) and the dashboard name them alike. Pure: the dashboard imports it.
 * The keys are the store's TASK_STATES.
 */
export const TASK_STATE_NAMES = {
  triage: ['待研判', 'Triage'],
  assigned: ['已交办', 'Assigned'],
  in_progress: ['办理中', 'In progress'],
  resolved: ['已办结', 'Resolved'],
  evaluated: ['已评价', 'Evaluated'],
} as const satisfies Record<string, readonly [string, string]>
