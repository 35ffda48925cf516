import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { normalizeText } from '../src/normalize.ts'
import { likeLabelled, readStreamWords, streamPost } from './stream-posts.ts'

// Labelled texts as sentiment-data.ts keeps them: normalised.
const labelled = ['小区停水一整天了物业也不给个说法', '医院的护士都特别耐心'].map(normalizeText)
const isLike = likeLabelled(labelled)
const like = (raw: string) => isLike(streamPost(raw))

const dir = mkdtempSync(path.join(tmpdir(), 'yuqing-stream-posts-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('stream posts like a labelled text', () => {
  it('drops a post that equals a labelled text, whole or as its own words or its repost chain', () => {
    expect(like('小区停水一整天了物业也不给个说法')).toBe(true)
    expect(like('医院的护士都特别耐心[赞]')).toBe(true)
    expect(like('//@某网友:医院的护士都特别耐心')).toBe(true)
    expect(like('说得对//@某网友:医院的护士都特别耐心')).toBe(true)
  })

  it('drops a post that contains a labelled text of 12 characters or more', () => {
    expect(like('转发一下：小区停水一整天了物业也不给个说法，大家怎么看')).toBe(true)
  })

  it('drops a post that lies inside a labelled text', () => {
    expect(like('停水一整天了物业')).toBe(true)
    expect(like('护士都特别耐心')).toBe(true)
  })

  it('keeps a post that only shares words with a labelled text', () => {
    expect(like('今天小区停电了，物业说晚上修好')).toBe(false)
    // Short labelled phrases and short posts are everyday words, not copies.
    expect(likeLabelled(['好开心'])(streamPost('今天考试过了好开心啊'))).toBe(false)
    expect(like('停水了')).toBe(false)
  })
})

describe('reading the stream', () => {
  const write = (name: string, lines: string[]) => {
    const file = path.join(dir, name)
    writeFileSync(file, gzipSync(lines.join('\n')))
    return file
  }

  it('gives each distinct post with Han text once, as words, and counts the ones left out', () => {
    const rows = ['今天小区停电了', '今天小区停电了', 'hello world', '护士都特别耐心', '明天继续加油[加油]'].map((text, i) => JSON.stringify({ id: String(i), day: '2020-01-20', text }))
    const stream = readStreamWords(labelled, write('posts.jsonl.gz', [...rows, '']))
    expect(stream?.dropped).toBe(1)
    expect(stream?.posts.map((words) => words.join(''))).toEqual(['今天小区停电了', '明天继续加油[加油]'])
  })

  it('gives nothing when the stream is absent', () => {
    expect(readStreamWords(labelled, path.join(dir, 'absent.jsonl.gz'))).toBeUndefined()
  })

  it('names the file and line of a broken row', () => {
    const file = write('broken.jsonl.gz', [JSON.stringify({ text: '今天小区停电了' }), '{"id": 1}'])
    expect(() => readStreamWords(labelled, file)).toThrow(`${file}:2: no "text" string`)
  })
})
