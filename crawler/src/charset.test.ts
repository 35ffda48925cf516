import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { decodeBody } from './charset.ts'

const article = '青溪县人民医院今天起开通夜间门诊，方便上班族看病。市民反映挂号排队时间过长的问题也在改进之中，医院增加了自助挂号机。'

describe('decoding page bytes', () => {
  it('follows the HTTP header first', () => {
    const bytes = iconv.encode(`<meta charset="utf-8"><p>${article}</p>`, 'gbk')
    expect(decodeBody(bytes, 'text/html; charset=GBK')).toMatchObject({ encoding: 'gb18030', from: 'header' })
    expect(decodeBody(bytes, 'text/html; charset=GBK').text).toContain(article)
  })

  it('reads <meta charset> and http-equiv when the header names none', () => {
    const meta = iconv.encode(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312" /></head><p>${article}</p>`, 'gbk')
    expect(decodeBody(meta, 'text/html')).toMatchObject({ from: 'meta' })
    expect(decodeBody(meta, 'text/html').text).toContain(article)
  })

  it('reads the encoding of an XML declaration', () => {
    const xml = iconv.encode(`<?xml version="1.0" encoding="gb2312"?><rss><title>${article}</title></rss>`, 'gbk')
    expect(decodeBody(xml, 'application/rss+xml').text).toContain(article)
  })

  it('detects GB18030 and Big5 pages that say nothing about themselves', () => {
    const gb = iconv.encode(`<p>${article}𠮷</p>`, 'gb18030')
    expect(decodeBody(gb, undefined)).toMatchObject({ encoding: 'gb18030', from: 'detected', text: `<p>${article}𠮷</p>` })
    const traditional = '青溪縣人民醫院今天起開通夜間門診，方便上班族看病。市民反映掛號排隊時間過長的問題也在改進之中，醫院增加了自助掛號機。'
    const big5 = iconv.encode(`<p>${traditional}</p>`, 'big5')
    expect(decodeBody(big5, undefined)).toMatchObject({ encoding: 'big5', from: 'detected', text: `<p>${traditional}</p>` })
  })

  it('takes valid UTF-8 as UTF-8 and honours a byte-order mark', () => {
    expect(decodeBody(Buffer.from(`<p>${article}</p>`), undefined)).toMatchObject({ encoding: 'utf-8', from: 'detected' })
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(article)])
    expect(decodeBody(bom, 'text/html; charset=gbk')).toMatchObject({ from: 'bom', text: article })
  })

  it('lets a source override a page that declares the wrong encoding', () => {
    const bytes = iconv.encode(article, 'gbk')
    expect(decodeBody(bytes, 'text/html; charset=utf-8', 'gbk')).toMatchObject({ from: 'source', text: article })
  })
})
