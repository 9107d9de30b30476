import type {
  PortableTextBlockComponent,
  PortableTextComponents,
  PortableTextMarkComponent,
} from '@portabletext/to-html'
import {escapeHTML} from '@portabletext/to-html'
import {toPlainText} from '@portabletext/toolkit'
import type {PortableTextBlock} from '@portabletext/types'
import {stegaClean} from '@sanity/client/stega'

export interface CitationComponentOptions {
  /** The 1-based number of a cited work in the works-cited list, or undefined when not listed. */
  citationNumber: (citationId: string) => number | undefined
}

/** The `citationReference` annotation as stored: a reference to a citation document. */
export interface CitationReferenceMark {
  _type: 'supplementContent.citationReference'
  _key?: string
  citation?: {_ref?: string}
}

/** `#citation-3`: the anchor of a works-cited entry; the works-cited `<li>` carries the id. */
export const citationAnchor = (number: number): string => `citation-${number}`

/**
 * Numbered markers linking to the works cited, e.g. `<sup class="citation-ref"><a
 * href="#citation-3">[3]</a></sup>`; nothing for an empty list.
 */
export function citationMarkersHtml(numbers: readonly number[]): string {
  return numbers
    .map(
      (number) =>
        `<sup class="citation-ref"><a href="#${citationAnchor(number)}">[${number}]</a></sup>`,
    )
    .join('')
}

/** A line holding only dashes or similar marks: the template's separator before a recap block. */
export function isSeparatorBlock(block: PortableTextBlock): boolean {
  return /^\s*([-\u2013\u2014_*=~\u2022]\s*)+$/.test(stegaClean(toPlainText(block)))
}

/** A normal block: a paragraph, or `<hr>` for a separator line. */
export const normalBlockHtml: PortableTextBlockComponent = ({children, value}) =>
  isSeparatorBlock(value) ? '<hr>' : `<p>${children ?? ''}</p>`

/**
 * Components for `toHTML()` from `@portabletext/to-html` for the article body: a
 * `citationReference` annotation renders its text followed by a numbered marker linking to the
 * works-cited entry, and a separator line renders as `<hr>`. Everything else is to-html's
 * defaults, which escape every piece of text.
 *
 *   toHTML(page.body, {components: citationHtmlComponents({citationNumber})})
 */
export function citationHtmlComponents(options: CitationComponentOptions): PortableTextComponents {
  const citationReference: PortableTextMarkComponent<CitationReferenceMark> = ({
    children,
    value,
  }) => {
    const ref = value?.citation?._ref
    const number = ref ? options.citationNumber(stegaClean(ref)) : undefined
    return `${children}${citationMarkersHtml(number === undefined ? [] : [number])}`
  }
  return {
    marks: {'supplementContent.citationReference': citationReference},
    block: {normal: normalBlockHtml},
    // Unknown inline objects and block types are left out rather than printed as JSON.
    unknownType: () => '',
  }
}

export {escapeHTML}
