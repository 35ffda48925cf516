/**
 * The pseudo-rules under which yuqing raises alerts of its own, outside the rule files, through the
 * same outbox and channels: their alert's group names what each is about. Pure: the dashboard
 * imports it to link such an alert to its task or its source.
 */
export const SYSTEM_RULES = {
  /** 督办: an open task past its due time; the group is the task's id. */
  taskOverdue: 'task-overdue',
  /** 来源抓取异常: a source whose crawls keep going wrong, or stopped; the group is the source's id. */
  sourceFailing: 'source-failing',
} as const
