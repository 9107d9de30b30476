import type {PortableTextComponents, PortableTextMarkComponent} from '@portabletext/react'
import {stegaClean} from '@sanity/client/stega'

import {
  citationAnchor,
  type CitationComponentOptions,
  type CitationReferenceMark,
  isSeparatorBlock,
} from './html.ts'

/** Numbered markers linking to the works cited, as `citationMarkersHtml` writes them. */
export function CitationMarkers({numbers}: {numbers: readonly number[]}) {
  return (
    <>
      {numbers.map((number) => (
        <sup className="citation-ref" key={number}>
          <a href={`#${citationAnchor(number)}`}>[{number}]</a>
        </sup>
      ))}
    </>
  )
}

/**
 * Components for `<PortableText>` from `@portabletext/react`, the React twin of
 * `citationHtmlComponents`: a `citationReference` annotation renders its text followed by a
 * numbered marker linking to the works-cited entry, and a separator line renders as `<hr>`.
 *
 *   <PortableText value={page.body} components={citationReactComponents({citationNumber})} />
 */
export function citationReactComponents(options: CitationComponentOptions): PortableTextComponents {
  const citationReference: PortableTextMarkComponent<CitationReferenceMark> = ({
    children,
    value,
  }) => {
    const ref = value?.citation?._ref
    const number = ref ? options.citationNumber(stegaClean(ref)) : undefined
    return (
      <>
        {children}
        <CitationMarkers numbers={number === undefined ? [] : [number]} />
      </>
    )
  }
  return {
    marks: {'supplementContent.citationReference': citationReference},
    block: {
      normal: ({children, value}) => (isSeparatorBlock(value) ? <hr /> : <p>{children}</p>),
    },
    unknownType: () => null,
  }
}
