import type {ArticleLine} from './parse.ts'
import {keyFor} from './ids.ts'

interface Span {
  _type: 'span'
  _key: string
  text: string
  marks: string[]
}

export interface Block {
  _type: 'block'
  _key: string
  style: 'normal' | 'h2'
  markDefs: Array<{_type: 'supplementContent.citationReference'; _key: string; citation: Reference}>
  children: Span[]
  listItem?: 'bullet' | 'number'
  level?: number
}

interface Reference {
  _type: 'reference'
  _ref: string
}

function span(key: string, text: string, marks: string[] = []): Span {
  return {_type: 'span', _key: key, text, marks}
}

/**
 * The whole article after its title as Portable Text, one block per line, so nothing is lost:
 * headings become h2, list lines bullets with the term in bold, Works Cited a numbered list
 * whose entries link to their citation documents. Every line is here exactly once; the fields
 * derived from lines (benefit and warning texts, takeaway, disclaimer) are what a page prints in
 * their place (see the site layer's `planArticle`).
 */
export function articleBody(lines: ArticleLine[], citationIdFor: (url: string) => string): Block[] {
  return lines.map(({line, role, item, citation}, index) => {
    const key = `l${keyFor(`${index}:${line.text}`).slice(0, 10)}`
    const text = line.text.trim()
    const block: Block = {_type: 'block', _key: key, style: 'normal', markDefs: [], children: []}
    if (role === 'heading') {
      block.style = 'h2'
      block.children = [span(`${key}s0`, text)]
    } else if (role === 'item' && item) {
      block.listItem = 'bullet'
      block.level = 1
      const termEnd = item.term ? text.indexOf(item.term) + item.term.length : -1
      block.children =
        termEnd > 0
          ? [
              span(`${key}s0`, text.slice(0, termEnd), ['strong']),
              span(`${key}s1`, text.slice(termEnd)),
            ]
          : [span(`${key}s0`, text)]
    } else if (role === 'citation' && citation) {
      block.listItem = 'number'
      block.level = 1
      const mark = `${key}c`
      block.markDefs = [
        {
          _type: 'supplementContent.citationReference',
          _key: mark,
          citation: {_type: 'reference', _ref: citationIdFor(citation.canonicalUrl)},
        },
      ]
      // The whole entry is linked, not only its title: the line is this citation's entry in
      // the article's works-cited list, which a page shows from the citation documents instead.
      const titleEnd = text.indexOf(citation.title) + citation.title.length
      block.children = [
        span(`${key}s0`, text.slice(0, titleEnd), [mark]),
        span(`${key}s1`, text.slice(titleEnd), [mark]),
      ].filter((child) => child.text !== '')
    } else {
      block.children = [span(`${key}s0`, text)]
    }
    return block
  })
}

/** Plain text of a block, as the lossless check and site renderers read it. */
export function blockText(block: Block): string {
  return block.children.map((child) => child.text).join('')
}
