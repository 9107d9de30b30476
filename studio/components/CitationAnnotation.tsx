import type {BlockAnnotationProps} from 'sanity'
import {useFormValue} from 'sanity'
import {styled} from 'styled-components'

import {citationNumber} from '../lib/citations.ts'

interface CitationMark {
  citation?: {_ref?: string}
}

// The number is drawn by CSS, so it is never part of the editable text the editor sees as content.
const Numbered = styled.span`
  &::after {
    content: '[' attr(data-citation-number) ']';
    font-size: 0.75em;
    vertical-align: super;
    margin-left: 0.1em;
    color: var(--card-link-fg-color, inherit);
    font-weight: 600;
  }
  &[data-citation-number='?']::after {
    color: var(--card-badge-caution-fg-color, inherit);
  }
`

/**
 * A citation annotation in the narrative, shown as a numbered reference: the number is the cited
 * work's position in the supplement's "Works cited", as on the published page; "?" marks a
 * citation that is missing from that list.
 */
export function CitationAnnotation(props: BlockAnnotationProps) {
  const worksCited = useFormValue(['citations']) as Array<{_ref?: string}> | undefined
  const ref = (props.value as CitationMark | undefined)?.citation?._ref
  const number = citationNumber(worksCited, ref)
  return (
    <Numbered
      data-citation-number={number ?? '?'}
      title={number ? `Works cited no. ${number}` : 'This citation is not in Works cited'}
    >
      {props.renderDefault(props)}
    </Numbered>
  )
}
