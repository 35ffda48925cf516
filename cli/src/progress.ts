/** A one-line progress display on a terminal; silent when stderr is not a TTY (pipes, CI, logs). */
export function createProgress(render: () => string, stream: NodeJS.WriteStream = process.stderr) {
  const enabled = stream.isTTY === true
  let last = 0
  return {
    tick(force = false): void {
      if (!enabled) return
      const now = Date.now()
      if (!force && now - last < 200) return
      last = now
      stream.write(`\r\u001b[2K${render()}`)
    },
    done(): void {
      if (enabled) stream.write(`\r\u001b[2K`)
    },
  }
}
