import {escapeHtml} from './html.ts'

/** The parts of a Portable Text block the renderer reads; anything else is ignored. */
export interface PortableTextSpan {
  _type: string
  _key?: string
  text?: string
  marks?: string[]
}
export interface PortableTextMarkDef {
  _type: string
  _key: string
  citation?: {_ref?: string}
}
export interface PortableTextBlock {
  _type: string
  _key?: string
  style?: string
  listItem?: string
  level?: number
  children?: PortableTextSpan[]
  markDefs?: PortableTextMarkDef[]
}

export interface PortableTextOptions {
  /** The 1-based number of a cited work, or undefined when it is not on the page. */
  citationNumber: (citationId: string) => number | undefined
}

const BLOCK_TAGS: Record<string, string> = {
  normal: 'p',
  h2: 'h2',
  h3: 'h3',
  blockquote: 'blockquote',
}
const DECORATOR_TAGS: Record<string, string> = {strong: 'strong', em: 'em'}
const LIST_TAGS: Record<string, string> = {bullet: 'ul', number: 'ol'}

/**
 * Portable Text to HTML for the article body: the styles, lists and decorators the `articleBody`
 * type allows, and `citationReference` annotations as numbered links to the works-cited list.
 * Every piece of text is escaped; unknown block types and marks are skipped.
 */
export function portableTextToHtml(
  blocks: readonly PortableTextBlock[],
  options: PortableTextOptions,
): string {
  const out: string[] = []
  // Open lists as a stack of {tag, level}; a list item's level is 1-based.
  const lists: Array<{tag: string; level: number}> = []
  const closeListsTo = (level: number) => {
    while (lists.length > 0 && lists[lists.length - 1].level > level) {
      out.push(`</li></${lists.pop()!.tag}>`)
    }
  }
  for (const block of blocks) {
    if (block._type !== 'block') continue
    const content = renderChildren(block, options)
    const listTag = block.listItem ? (LIST_TAGS[block.listItem] ?? 'ul') : undefined
    if (!listTag) {
      closeListsTo(0)
      // Imported articles separate their parts with a line holding only "-".
      if (/^\s*[-–—]\s*$/.test(blockText(block))) {
        out.push('<hr>')
        continue
      }
      const tag = BLOCK_TAGS[block.style ?? 'normal'] ?? 'p'
      out.push(`<${tag}>${content}</${tag}>`)
      continue
    }
    const level = Math.max(1, block.level ?? 1)
    closeListsTo(level)
    const top = lists[lists.length - 1]
    if (top && top.level === level && top.tag !== listTag) {
      out.push(`</li></${lists.pop()!.tag}>`)
    }
    const current = lists[lists.length - 1]
    if (current && current.level === level) {
      out.push(`</li><li>${content}`)
    } else {
      // Deeper (or first) item: open a new list inside the current item.
      lists.push({tag: listTag, level})
      out.push(`<${listTag}><li>${content}`)
    }
  }
  closeListsTo(0)
  return out.join('\n')
}

function renderChildren(block: PortableTextBlock, options: PortableTextOptions): string {
  const markDefs = new Map((block.markDefs ?? []).map((def) => [def._key, def]))
  const spans = (block.children ?? []).filter((child) => typeof child.text === 'string')
  const html: string[] = []
  spans.forEach((span, index) => {
    let text = escapeHtml(span.text)
    const marks = span.marks ?? []
    for (const mark of marks) {
      const tag = DECORATOR_TAGS[mark]
      if (tag) text = `<${tag}>${text}</${tag}>`
    }
    html.push(text)
    // A citation marker follows the last span of a run carrying the same annotation.
    const next = spans[index + 1]?.marks ?? []
    for (const mark of marks) {
      const def = markDefs.get(mark)
      if (!def || next.includes(mark)) continue
      if (def._type === 'supplementContent.citationReference' && def.citation?._ref) {
        html.push(citationMarker(options.citationNumber(def.citation._ref)))
      }
    }
  })
  return html.join('')
}

/** `<sup class="citation-ref"><a href="#citation-3">[3]</a></sup>`: a numbered citation link. */
export function citationMarker(number: number | undefined): string {
  if (number === undefined) return ''
  return `<sup class="citation-ref"><a href="#citation-${number}">[${number}]</a></sup>`
}

/** Plain text of a block's spans, as `pt::text()` gives in GROQ. */
export function blockText(block: PortableTextBlock): string {
  return (block.children ?? []).map((child) => child.text ?? '').join('')
}
